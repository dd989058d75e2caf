import { readdirSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ensureWebBuilt } from './ui-app.js';

const ASSETS = fileURLToPath(new URL('../../web/dist/assets', import.meta.url));

describe('the web UI served by the app', () => {
  let t: TestApp;
  let script: string;
  beforeAll(async () => {
    await ensureWebBuilt();
    script = readdirSync(ASSETS).find((f) => /^index-.*\.js$/.test(f))!;
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('opens on the app shell, which loads only same-origin scripts under the CSP', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain(`src="/assets/${script}"`);
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers any page address with the app shell so the client router can render it', async () => {
    const res = await t.http().get('/posts/5b0c7a50-0000-4000-8000-000000000000').expect(200);
    expect(res.text).toContain('<div id="root"></div>');
    await t.http().get('/settings/channels?connected=x').expect(200);
  });

  it('serves hashed bundles with a long cache lifetime', async () => {
    const res = await t.http().get(`/assets/${script}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the first page compressed, its JavaScript within 150 KB', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    // Raw bytes as they cross the network (HTTP clients would decompress them for us).
    const fetchRaw = (path: string) =>
      new Promise<{ encoding: string | undefined; bytes: number; body: Buffer }>(
        (resolve, reject) =>
          get(
            { port, host: '127.0.0.1', path, headers: { 'accept-encoding': 'br, gzip' } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => {
                const body = Buffer.concat(chunks);
                resolve({ encoding: res.headers['content-encoding'], bytes: body.length, body });
              });
            },
          ).on('error', reject),
      );
    const shell = await t.http().get('/').expect(200);
    // What the browser fetches before it can draw: the entry script and every preloaded module.
    const scripts = [...shell.text.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
      (m) => m[1]!,
    );
    expect(scripts).toContain(`/assets/${script}`);
    let total = 0;
    for (const path of scripts) {
      const res = await fetchRaw(path);
      expect(res.encoding).toBe('br');
      total += res.bytes;
    }
    expect(total).toBeLessThanOrEqual(150 * 1024);
    const api = await fetchRaw('/api/openapi.json');
    expect(api.encoding).toBe('br');
  });

  it('leaves the API, health and unknown files to their own 404s', async () => {
    const api = await t.http().get('/api/no-such-thing').expect(404);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
    await t.http().get('/health/live').expect(200);
    await t.http().get('/assets/index-gone.js').expect(404);
    await t.http().get('/robots.txt').expect(404);
  });

  it('never serves a file outside the build', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2f..%2fpackage.json',
    ]) {
      const res = await t.http().get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('"name": "countervoice"');
    }
  });

  it('refuses changes on page addresses instead of answering them with the shell', async () => {
    const res = await t.http().post('/calendar').send({});
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('<div id="root">');
  });
});
