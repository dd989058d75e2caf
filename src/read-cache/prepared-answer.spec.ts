import express from 'express';
import fc from 'fast-check';
import { once } from 'node:events';
import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PreparedAnswer } from './prepared-answer.js';

/** Express answering every GET with `answer`, as the app's adapter sends it, on a free port. */
async function serving(answer: () => PreparedAnswer): Promise<AddressInfo & { close(): void }> {
  const app = express();
  app.get('/', (req, res) => answer().replyTo(req).sendTo(res));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(server.address() as AddressInfo, { close: () => server.close() });
}

/** The bytes and headers as they arrive, not decoded (fetch and supertest decode them). */
function fetchRaw(at: AddressInfo, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      get({ host: '127.0.0.1', port: at.port, path: '/', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      }).on('error', reject);
    },
  );
}

const decode = (coding: string | undefined, bytes: Buffer) =>
  coding === 'br' ? brotliDecompressSync(bytes) : coding === 'gzip' ? gunzipSync(bytes) : bytes;

describe('PreparedAnswer', () => {
  let current: PreparedAnswer;
  let server: AddressInfo & { close(): void };
  beforeAll(async () => {
    server = await serving(() => current);
  });
  afterAll(() => server.close());

  /** What a client receives when the server holds `answer`. */
  const receive = (answer: PreparedAnswer, headers: Record<string, string> = {}) => {
    current = answer;
    return fetchRaw(server, headers);
  };

  it('sends exactly JSON.stringify of the answer, in whichever coding the client takes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue(), { minLength: 20, maxLength: 60 })),
        fc.constantFrom('identity', 'gzip', 'br', 'gzip, deflate, br', 'br;q=0, gzip', '*'),
        async (body, acceptEncoding) => {
          const res = await receive(PreparedAnswer.of(body), { 'accept-encoding': acceptEncoding });
          expect(res.status).toBe(200);
          expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
          const coding = res.headers['content-encoding'];
          expect(decode(coding, res.body).toString()).toBe(JSON.stringify(body));
          expect(Number(res.headers['content-length'])).toBe(res.body.length);
          if (acceptEncoding === 'br;q=0, gzip') expect(coding).not.toBe('br');
          if (acceptEncoding === 'identity') expect(coding).toBeUndefined();
        },
      ),
      { numRuns: 80 },
    );
  });

  it('compresses an answer of 1 KB or more for a client that accepts it, and a small one not', async () => {
    const big = PreparedAnswer.of({ text: 'the commanders stole the spoils '.repeat(64) });
    const res = await receive(big, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.length).toBeLessThan(1024);
    const small = await receive(PreparedAnswer.of({ hello: 'world' }), { 'accept-encoding': 'br' });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 to a request that names its ETag, weak or strong, alone or in a list', async () => {
    const answer = PreparedAnswer.of({ items: [1, 2, 3] });
    const opaque = answer.etag.slice(2);
    for (const condition of [answer.etag, opaque, `"other", ${answer.etag}`, '*']) {
      const res = await receive(answer, { 'if-none-match': condition });
      expect(res.status).toBe(304);
      expect(res.headers.etag).toBe(answer.etag);
      expect(res.body.length).toBe(0);
    }
    const stale: Record<string, string>[] = [
      { 'if-none-match': '"other"' },
      {},
      { 'if-none-match': answer.etag, 'cache-control': 'max-age=0, no-cache' },
    ];
    for (const headers of stale) {
      expect((await receive(answer, headers)).status).toBe(200);
    }
    expect(PreparedAnswer.of({ items: [1, 2, 4] }).etag).not.toBe(answer.etag);
  });

  it('says the answer varies by coding and is to be revalidated before reuse', async () => {
    const res = await receive(PreparedAnswer.of([]));
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('private, no-cache');
  });
});
