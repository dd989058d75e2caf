import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface CredentialKey {
  id: string;
  key: Buffer;
}

/**
 * AES-256-GCM for platform credentials at rest. The stored form names its key id, so keys can be
 * rotated: new secrets use the first key, older ones still decrypt with theirs.
 */
export class CredentialsCipher {
  constructor(private readonly keys: CredentialKey[]) {
    if (keys.length === 0) throw new Error('At least one credentials key is required');
    for (const k of keys)
      if (k.key.length !== 32) throw new Error(`Credentials key ${k.id} is not 32 bytes`);
  }

  encrypt(plain: object): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id));
    const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
    return [
      'v1',
      id,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      body.toString('base64'),
    ].join(':');
  }

  decrypt<T = unknown>(stored: string): T {
    const [version, id, iv, tag, body] = stored.split(':');
    if (version !== 'v1' || !id || !iv || !tag || body === undefined)
      throw new Error('Unrecognised credentials format');
    const entry = this.keys.find((k) => k.id === id);
    if (!entry)
      throw new Error(`Credentials were encrypted with key ${id}, which is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  }

  /** Whether a stored secret should be re-encrypted with the current key. */
  needsRotation(stored: string): boolean {
    return stored.split(':')[1] !== this.keys[0]!.id;
  }
}
