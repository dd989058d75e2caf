import fc from 'fast-check';
// The library's own signer, the reference: X accepts what it signs.
import { OAuth1Helper } from 'twitter-api-v2/dist/cjs/client-mixins/oauth1.helper.js';
import { TwitterApi } from 'twitter-api-v2';
import { XOAuth1Signer } from './x-oauth1-signer.js';

const consumer = { key: 'consumer-key', secret: 'consumer secret!*' };
const token = { key: '12345-token', secret: "token-secret'()" };

/** The parameters of an OAuth header, decoded. */
function headerParams(header: string): Record<string, string> {
  expect(header.startsWith('OAuth ')).toBe(true);
  const params: Record<string, string> = {};
  for (const [, name, value] of header.slice(6).matchAll(/([^=,]+)="([^"]*)"/g))
    params[decodeURIComponent(name!)] = decodeURIComponent(value!);
  return params;
}

/** What twitter-api-v2's signer computes for the same request, nonce and timestamp. */
function librarySignature(
  method: string,
  url: string,
  data: Record<string, string>,
  oauth: Record<string, string>,
): string {
  const helper = new OAuth1Helper({ consumerKeys: consumer }) as unknown as {
    getSignature(
      request: { url: string; method: string; data: Record<string, string> },
      tokenSecret: string,
      oauthInfo: Record<string, string>,
    ): string;
  };
  return helper.getSignature({ url, method, data }, token.secret, oauth);
}

// Any Unicode text but lone surrogates, which no URL or form can carry.
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
// Not `__proto__`: the library copies parameters into a plain object, where that name sets the
// prototype and the parameter drops out of its base string (RFC 5849 signs it, as the signer does).
// No call of the app sends one.
const name = text.filter((n) => n.length > 0 && !n.startsWith('oauth_') && n !== '__proto__');

describe('XOAuth1Signer', () => {
  it('signs every request exactly as twitter-api-v2 does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'get'),
        fc.array(text, { maxLength: 3 }),
        // Names are distinct across query and form: a name sent twice is where the library
        // (which keeps one) and RFC 5849 (which signs both) part, and no call of the app sends one.
        fc.uniqueArray(fc.tuple(name, text, fc.boolean()), {
          maxLength: 5,
          selector: ([n]) => n,
        }),
        fc.stringMatching(/^[A-Za-z0-9]{1,32}$/),
        fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
        (method, segments, params, nonce, timestamp) => {
          const query = params.filter(([, , inForm]) => !inForm);
          const form = params.filter(([, , inForm]) => inForm);
          const url = new URL(`https://api.x.com/2/${segments.map(encodeURIComponent).join('/')}`);
          const unsigned = url.toString();
          // As the library builds them: the query RFC 3986-encoded, the form through URLSearchParams.
          if (query.length > 0)
            url.search = `?${query.map(([n, v]) => `${OAuth1Helper.percentEncode(n)}=${OAuth1Helper.percentEncode(v)}`).join('&')}`;
          const formBody = form.length
            ? new URLSearchParams(form.map(([n, v]): [string, string] => [n, v]))
                .toString()
                .replace(/\*/g, '%2A')
            : undefined;

          const header = new XOAuth1Signer(consumer, token).header(
            { method, url, ...(formBody === undefined ? {} : { formBody }) },
            nonce,
            timestamp,
          );

          const { oauth_signature: signature, ...oauth } = headerParams(header);
          expect(oauth).toEqual({
            oauth_consumer_key: consumer.key,
            oauth_nonce: nonce,
            oauth_signature_method: 'HMAC-SHA1',
            oauth_timestamp: String(timestamp),
            oauth_token: token.key,
            oauth_version: '1.0',
          });
          const data = Object.fromEntries([...query, ...form].map(([n, v]) => [n, v]));
          expect(signature).toBe(librarySignature(method, unsigned, data, oauth));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('signs a client’s requests as they go out, form fields included and JSON bodies not', async () => {
    const seen: Array<{
      method: string;
      url: URL;
      body: unknown;
      headers: Record<string, string>;
    }> = [];
    const signer = new XOAuth1Signer(consumer, token);
    const client = new TwitterApi(undefined, {
      plugins: [
        signer,
        {
          // Stands in for the network: records the request as signed, answers nothing.
          onBeforeRequestConfig: () => undefined,
          onBeforeRequest: ({ computedParams, requestOptions }) => {
            seen.push({
              method: computedParams.method,
              url: new URL(computedParams.url.href),
              body: computedParams.body,
              headers: requestOptions.headers as Record<string, string>,
            });
            throw new Error('recorded');
          },
        },
      ],
    });
    await expect(client.v2.post('tweets', { text: 'a & b' })).rejects.toThrow('recorded');
    await expect(
      client.v1.post('statuses/update.json', { status: 'a b*c', lat: '1' }),
    ).rejects.toThrow('recorded');
    await expect(client.v2.get('tweets', { ids: '1,2' })).rejects.toThrow('recorded');

    const [json, form, get] = seen;
    for (const request of seen) {
      const { oauth_signature: signature, ...oauth } = headerParams(request.headers.Authorization!);
      const data = {
        ...Object.fromEntries(request.url.searchParams),
        ...(request === form ? { status: 'a b*c', lat: '1' } : {}),
      };
      const unsigned = request.url.origin + request.url.pathname;
      expect(signature).toBe(librarySignature(request.method, unsigned, data, oauth));
    }
    expect(json!.body).toBe(JSON.stringify({ text: 'a & b' }));
    expect(get!.url.searchParams.get('ids')).toBe('1,2');
  });

  it('draws a new nonce for every request', () => {
    const signer = new XOAuth1Signer(consumer, token);
    const nonces = new Set(
      Array.from({ length: 1_000 }, () => {
        const headers: Record<string, string> = {};
        signer.onBeforeRequest({
          computedParams: { method: 'POST', url: new URL('https://api.x.com/2/tweets'), headers },
          requestOptions: { headers },
        } as never);
        return headerParams(headers.Authorization!).oauth_nonce;
      }),
    );
    expect(nonces.size).toBe(1_000);
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
  });
});
