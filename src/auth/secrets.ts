import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';

// argon2id (the package's default algorithm) with OWASP's second recommended profile.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Compared against when the email is unknown, so timing does not reveal which emails exist. */
export const UNKNOWN_USER_HASH = await hashPassword(randomBytes(16).toString('hex'));

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Session ids and API tokens are stored only as this digest. */
export const digest = (value: string) => createHash('sha256').update(value).digest('hex');
