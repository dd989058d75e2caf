import { randomBytes } from 'node:crypto';
import { CredentialsCipher } from './credentials-cipher.js';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('CredentialsCipher', () => {
  it('round-trips and never stores the plain secret', () => {
    const cipher = new CredentialsCipher([key('k1')]);
    const stored = cipher.encrypt({ accessToken: 'secret-token-123' });
    expect(stored).not.toContain('secret-token-123');
    expect(stored.startsWith('v1:k1:')).toBe(true);
    expect(cipher.decrypt(stored)).toEqual({ accessToken: 'secret-token-123' });
  });

  it('uses a fresh IV each time', () => {
    const cipher = new CredentialsCipher([key('k1')]);
    expect(cipher.encrypt({ a: 1 })).not.toBe(cipher.encrypt({ a: 1 }));
  });

  it('decrypts with an older key after rotation and says the secret needs re-encrypting', () => {
    const oldKey = key('old');
    const stored = new CredentialsCipher([oldKey]).encrypt({ a: 1 });
    const rotated = new CredentialsCipher([key('new'), oldKey]);
    expect(rotated.decrypt(stored)).toEqual({ a: 1 });
    expect(rotated.needsRotation(stored)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt({ a: 1 }))).toBe(false);
  });

  it('refuses tampered ciphertext and unknown keys', () => {
    const cipher = new CredentialsCipher([key('k1')]);
    const parts = cipher.encrypt({ a: 1 }).split(':');
    const body = Buffer.from(parts[4]!, 'base64');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow();
    expect(() => new CredentialsCipher([key('other')]).decrypt(cipher.encrypt({ a: 1 }))).toThrow(
      /key k1/,
    );
  });
});
