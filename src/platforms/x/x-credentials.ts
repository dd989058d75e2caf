import { z } from 'zod';

/** An OAuth 1.0a user token; it does not expire and is signed with the app's consumer keys. */
export interface XOAuth1Credentials {
  kind: 'oauth1';
  accessToken: string;
  accessSecret: string;
}

/** An OAuth 2.0 user token pair; X's refresh tokens are single-use and rotate on every refresh. */
export interface XOAuth2Credentials {
  kind: 'oauth2';
  accessToken: string;
  /** Absent when the grant lacked offline.access: the channel must be reconnected at expiry. */
  refreshToken?: string;
  /** ISO 8601. */
  expiresAt: string;
}

export type XCredentials = XOAuth1Credentials | XOAuth2Credentials;

// Credentials can also be set by hand through PUT /api/channels/:id/credentials, so what is
// stored is checked before it is trusted.
const credentialsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('oauth1'),
    accessToken: z.string().min(1),
    accessSecret: z.string().min(1),
  }),
  z.object({
    kind: z.literal('oauth2'),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).optional(),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
]);

/** The stored value as X credentials, or undefined when it is something else. */
export function parseXCredentials(value: unknown): XCredentials | undefined {
  const parsed = credentialsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** OAuth 2.0 credentials issued now for `expiresInSec`. */
export function oauth2Credentials(token: {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}): XOAuth2Credentials {
  return {
    kind: 'oauth2',
    accessToken: token.accessToken,
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    expiresAt: new Date(Date.now() + token.expiresIn * 1000).toISOString(),
  };
}
