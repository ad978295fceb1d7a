import { randomBytes } from 'node:crypto';
import type { OAuth2Client } from '@plugboard/oauth2';
import { benchUser } from './benchHost.ts';
import { writeToken } from './internals.ts';
import { pool } from './stats.ts';

/**
 * Stores a fresh token for users `from` .. `to - 1`, through the client's own token store and the
 * host's persistence (the path the callback writes on), `concurrency` writes at a time.
 */
export async function seedTokens(client: OAuth2Client, from: number, to: number, concurrency = 64): Promise<void> {
  const expiresAt = Date.now() + 24 * 3_600_000;
  await pool(to - from, concurrency, (i) =>
    writeToken(client, benchUser(from + i), { token: randomBytes(24).toString('base64url'), expiresAt, scope: 'read', refreshToken: randomBytes(24).toString('base64url'), tokenType: 'Bearer' }, randomBytes(16).toString('base64url')),
  );
}
