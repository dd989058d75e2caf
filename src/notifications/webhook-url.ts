import type { FieldError } from '../common/domain-errors.js';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * A receiver's URL: https, or plain http to this machine where the configuration allows it (tests
 * and development). No credentials in the URL: they would be shown to every admin.
 */
export function webhookUrlErrors(value: string, allowLoopbackHttp: boolean): FieldError[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [{ field: 'url', rule: 'isUrl', message: 'url must be an absolute URL' }];
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(allowLoopbackHttp && loopbackHttp)) {
    return [
      {
        field: 'url',
        rule: 'httpsOnly',
        message: allowLoopbackHttp
          ? 'url must use https (or http on 127.0.0.1)'
          : 'url must use https',
      },
    ];
  }
  if (url.username || url.password) {
    return [
      {
        field: 'url',
        rule: 'noCredentials',
        message: 'url must not contain a user name or password',
      },
    ];
  }
  return [];
}
