import { defineConfig } from 'vite';
import { precompress } from './web/precompress.js';

// The web UI lives in web/ and is served by the Nest app from web/dist (src/web/web.module.ts).
// In development (`npm run web:dev`) Vite serves it and forwards the API to the app on :3000.
const api = process.env.CV_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  // React 19's automatic JSX runtime through Vite's built-in transform (no React plugin needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  // The app sends the built files' brotli and gzip forms as they are (src/web/web-app.ts).
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React Query marks its hooks "use client" for server components; meaningless in an SPA.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': api, '/health': api },
  },
});
