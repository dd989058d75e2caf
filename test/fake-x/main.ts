/**
 * `npm run fake-x`: the offline fake X API as its own process, for demos and for tests that drive
 * it over HTTP (control API under /__fake/). FAKE_X_PORT (default 4010), FAKE_X_LATENCY_MS.
 *
 * Runs on Node's own type stripping, without a build. The sources import each other as './x.js'
 * (the project's NodeNext style), so a resolve hook maps those to the .ts files first.
 */
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (
      specifier.startsWith('.') &&
      specifier.endsWith('.js') &&
      context.parentURL?.endsWith('.ts')
    ) {
      const asTs = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (existsSync(fileURLToPath(asTs))) return nextResolve(asTs.href, context);
    }
    return nextResolve(specifier, context);
  },
});

const { startFakeX } = await import('./fake-x-server.js');

const port = Number(process.env.FAKE_X_PORT ?? 4010);
const latencyMs = Number(process.env.FAKE_X_LATENCY_MS ?? 0);
const fake = await startFakeX({ port, latencyMs });

const lines = [
  `Fake X API listening on ${fake.url} (127.0.0.1 only; nothing reaches the real X)`,
  '',
  `  X_API_BASE_URL=${fake.url}`,
  `  OAuth 1.0a consumer key / secret: ${fake.app.consumerKey} / ${fake.app.consumerSecret}`,
  `  OAuth 2.0 client id / secret:     ${fake.app.clientId} / ${fake.app.clientSecret ?? '(public client)'}`,
  '',
  ...fake.accounts.flatMap((a) => [
    `  @${a.username} (id ${a.id})`,
    `    OAuth 1.0a access token / secret: ${a.accessToken} / ${a.accessSecret}`,
  ]),
  '',
  '  Consent pages approve as the first account (add ?as=<username> for another).',
  `  Control API: ${fake.url}/__fake/requests | /__fake/tweets | /__fake/faults | /__fake/accounts | POST /__fake/reset`,
];
process.stdout.write(`${lines.join('\n')}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
