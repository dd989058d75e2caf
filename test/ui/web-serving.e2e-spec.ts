import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ensureWebBuilt } from './ui-app.js';

const ASSETS = fileURLToPath(new URL('../../web/dist/assets', import.meta.url));

/** Compares half-megabyte bundles in a step (Jest's toEqual walks a Buffer byte by byte). */
const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The body as the client reads it once it has undone the Content-Encoding. */
function decoded(res: { encoding: string | undefined; body: Buffer }): Buffer {
  if (res.encoding === 'br') return brotliDecompressSync(res.body);
  if (res.encoding === 'gzip') return gunzipSync(res.body);
  if (res.encoding === 'deflate') return inflateSync(res.body);
  return res.body;
}

/**
 * Whether an Accept-Encoding header takes a coding (RFC 9110 12.5.3): named with a weight above
 * zero, or not named and `*` is; read here on its own, not by the parser the app uses.
 */
function acceptsEncoding(header: string, coding: string): boolean {
  const weights = new Map(
    header
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...params] = part.split(';').map((p) => p.trim());
        const q = params.find((p) => p.startsWith('q='));
        return [name!.toLowerCase(), q ? Number(q.slice(2)) : 1] as const;
      }),
  );
  const weight = weights.get(coding) ?? weights.get('*');
  return weight !== undefined && weight > 0;
}

describe('the web UI served by the app', () => {
  let t: TestApp;
  let script: string;
  let port: number;
  /** Raw bytes as they cross the network (HTTP clients would decompress them for us). */
  const fetchRaw = (path: string, acceptEncoding: string, headers: Record<string, string> = {}) =>
    new Promise<{
      status: number;
      encoding: string | undefined;
      headers: IncomingHttpHeaders;
      body: Buffer;
    }>((resolve, reject) =>
      get(
        {
          port,
          host: '127.0.0.1',
          path,
          headers: { 'accept-encoding': acceptEncoding, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              encoding: res.headers['content-encoding'],
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      ).on('error', reject),
    );
  beforeAll(async () => {
    await ensureWebBuilt();
    script = readdirSync(ASSETS).find((f) => /^index-.*\.js$/.test(f))!;
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
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
    const shell = await t.http().get('/').expect(200);
    // What the browser fetches before it can draw: the entry script and every preloaded module.
    const scripts = [...shell.text.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
      (m) => m[1]!,
    );
    expect(scripts).toContain(`/assets/${script}`);
    let total = 0;
    for (const path of scripts) {
      const res = await fetchRaw(path, 'br, gzip');
      expect(res.encoding).toBe('br');
      total += res.body.length;
    }
    expect(total).toBeLessThanOrEqual(150 * 1024);
    const api = await fetchRaw('/api/openapi.json', 'br, gzip');
    expect(api.encoding).toBe('br');
  });

  it('sends every built file as its exact bytes, in a coding the client accepts, brotli first', async () => {
    const files = readdirSync(ASSETS).filter((f) => !/\.(br|gz)$/.test(f));
    // The type each file has when sent as it is: its compressed forms must keep it.
    const types = new Map<string, string | undefined>();
    for (const file of files)
      types.set(file, (await fetchRaw(`/assets/${file}`, 'identity')).headers['content-type']);
    const coding = fc.constantFrom('br', 'gzip', 'deflate', 'identity', '*', 'x-unknown');
    const weight = fc.constantFrom('', ';q=0', ';q=0.5', ';q=1');
    const header = fc
      .uniqueArray(fc.tuple(coding, weight), { maxLength: 4, selector: ([c]) => c })
      .map((parts) => parts.map(([c, q]) => c + q).join(', '));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), header, async (file, acceptEncoding) => {
        const res = await fetchRaw(`/assets/${file}`, acceptEncoding);
        expect(res.status).toBe(200);
        expect(digest(decoded(res))).toBe(digest(readFileSync(join(ASSETS, file))));
        expect(res.headers['content-type']).toBe(types.get(file));
        const accepted = (c: string) => acceptsEncoding(acceptEncoding, c);
        if (res.encoding) expect(accepted(res.encoding)).toBe(true);
        // Compressed by the build: sent as its file, never compressed again on the way out.
        if (res.encoding === 'br' || res.encoding === 'gzip') {
          const suffix = res.encoding === 'br' ? '.br' : '.gz';
          expect(digest(res.body)).toBe(digest(readFileSync(join(ASSETS, file + suffix))));
        }
        if (existsSync(join(ASSETS, `${file}.br`)) && accepted('br'))
          expect(res.encoding).toBe('br');
      }),
      { numRuns: 100 },
    );
  });

  it('answers a revalidation of a compressed bundle with 304', async () => {
    const first = await fetchRaw(`/assets/${script}`, 'br');
    expect(first.headers.vary).toMatch(/accept-encoding/i);
    const again = await fetchRaw(`/assets/${script}`, 'br', {
      'if-none-match': first.headers.etag as string,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
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
