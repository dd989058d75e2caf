import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AppConfig } from '../config/app-config.js';
import type { Database } from '../db/database.js';
import type { RedisLock } from '../queue/redis-lock.js';
import { CredentialStore, UnreadableCredentials } from './credential-store.js';
import type { StoredCredentialsRepository } from './stored-credentials.repository.js';

/** unseal touches only the cipher: the store's database, audit and lock are never reached. */
const storeWith = (keys: AppConfig['credentialKeys']) =>
  new CredentialStore(
    {} as Database,
    { credentialKeys: keys } as AppConfig,
    {} as StoredCredentialsRepository,
    {} as AuditRepository,
    {} as RedisLock,
  );

const credentials = fc.record({
  kind: fc.constantFrom('oauth1', 'oauth2'),
  accessToken: fc.string({ minLength: 1 }),
  accessSecret: fc.string(),
  scopes: fc.array(fc.string(), { maxLength: 3 }),
});

describe('CredentialStore.unseal (decrypted credentials kept by their stored form)', () => {
  it('always answers what the stored form holds, through any sequence of saves and re-reads', () => {
    const store = storeWith([{ id: 'k1', key: randomBytes(32) }]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(credentials, fc.nat({ max: 3 })), { minLength: 1, maxLength: 12 }),
        (saves) => {
          const sealed: { stored: string; plain: object }[] = [];
          for (const [plain, rereads] of saves) {
            // A save or refresh seals anew: the same credentials get a new stored form.
            const stored = store.seal(plain);
            sealed.push({ stored, plain });
            for (let i = 0; i < rereads; i++) {
              const earlier = sealed[i % sealed.length]!;
              expect(store.unseal(earlier.stored)).toEqual(earlier.plain);
            }
            expect(store.unseal(stored)).toEqual(plain);
          }
        },
      ),
    );
  });

  it('hands out a frozen copy, so one caller cannot change what the next one reads', () => {
    const store = storeWith([{ id: 'k1', key: randomBytes(32) }]);
    const stored = store.seal({ accessToken: 'a', scopes: ['tweet.write'] });
    const first = store.unseal(stored) as { accessToken: string; scopes: string[] };
    expect(() => {
      first.accessToken = 'changed';
    }).toThrow(TypeError);
    expect(() => first.scopes.push('x')).toThrow(TypeError);
    expect(store.unseal(stored)).toEqual({ accessToken: 'a', scopes: ['tweet.write'] });
  });

  it('still refuses a stored form it cannot decrypt, every time it is asked', () => {
    const other = storeWith([{ id: 'k2', key: randomBytes(32) }]);
    const stored = storeWith([{ id: 'k1', key: randomBytes(32) }]).seal({ accessToken: 'a' });
    expect(() => other.unseal(stored)).toThrow(UnreadableCredentials);
    expect(() => other.unseal(stored)).toThrow(UnreadableCredentials);
  });
});
