import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/app-config.js';
import { XClients } from './x-clients.js';
import type { XCredentials } from './x-credentials.js';

// A stand-in for X that remembers the Authorization header of the last request it was sent.
let server: Server;
let baseUrl: string;
let lastAuthorization: string | undefined;
beforeAll(async () => {
  server = createServer((req, res) => {
    lastAuthorization = req.headers.authorization;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ data: { id: '1', name: 'A', username: 'a' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const clients = () =>
  new XClients(
    loadConfig({ X_APP_KEY: 'app-key', X_APP_SECRET: 'app-secret', X_API_BASE_URL: baseUrl }),
  );
const oauth1 = (accessToken: string, accessSecret = 'secret'): XCredentials => ({
  kind: 'oauth1',
  accessToken,
  accessSecret,
});
const oauth2 = (accessToken: string): XCredentials => ({
  kind: 'oauth2',
  accessToken,
  refreshToken: 'refresh',
  expiresAt: '2030-01-01T00:00:00.000Z',
});
/** The token a client's requests reach X with. */
async function tokenOf(
  client: ReturnType<XClients['forChannel']>,
): Promise<{ accessToken?: string; bearerToken?: string }> {
  lastAuthorization = undefined;
  await client!.v2.me();
  const bearer = /^Bearer (.+)$/.exec(lastAuthorization ?? '');
  if (bearer) return { bearerToken: bearer[1]! };
  const token = /oauth_token="([^"]*)"/.exec(lastAuthorization ?? '');
  return token ? { accessToken: decodeURIComponent(token[1]!) } : {};
}

describe('X clients per channel', () => {
  it('reuses the channel’s client while its credentials stay the same', () => {
    const x = clients();
    const first = x.forChannel('channel-a', oauth1('token-1'));
    expect(x.forChannel('channel-a', oauth1('token-1'))).toBe(first);
    expect(x.forChannel('channel-b', oauth1('token-1'))).not.toBe(first);
  });

  it('builds a new client once the credentials are rotated, and signs with the new ones', async () => {
    const x = clients();
    const before = x.forChannel('channel-a', oauth1('token-1'));
    const rotated = x.forChannel('channel-a', oauth1('token-2'));
    expect(rotated).not.toBe(before);
    expect((await tokenOf(rotated)).accessToken).toBe('token-2');
    // A new secret with the same token is a change too.
    const resecreted = x.forChannel('channel-a', oauth1('token-2', 'other-secret'));
    expect(resecreted).not.toBe(rotated);
    // Going back to the old credentials does not resurrect the old client's entry.
    expect(x.forChannel('channel-a', oauth1('token-1'))).not.toBe(before);
  });

  it('builds a new client after an OAuth 2.0 refresh or a switch of sign-in kind', async () => {
    const x = clients();
    const before = x.forChannel('channel-a', oauth2('access-1'));
    const refreshed = x.forChannel('channel-a', oauth2('access-2'));
    expect(refreshed).not.toBe(before);
    expect((await tokenOf(refreshed)).bearerToken).toBe('access-2');
    const switched = x.forChannel('channel-a', oauth1('access-2'));
    expect((await tokenOf(switched)).accessToken).toBe('access-2');
  });

  it('gives no client for OAuth 1.0a without consumer keys, and caches nothing then', () => {
    const x = new XClients(loadConfig({}));
    expect(x.forChannel('channel-a', oauth1('token-1'))).toBeUndefined();
    expect(x.forChannel('channel-a', oauth2('access-1'))).toBeDefined();
  });
});
