import { ReauthorizationRequiredError, describeError } from '@plugboard/oauth2';
import { readAppCredentials } from '../credentials/appCredentials.ts';
import { clientProfile, type ClientProfile } from '../credentials/clientProfile.ts';
import { withFileLock } from '../credentials/fileLock.ts';
import { readUserCredentials, writeUserCredentials, type UserCredentials } from '../credentials/userCredentials.ts';
import { CliError } from '../errors.ts';
import { refreshToken } from './refreshToken.ts';

/** Refresh when the token expires within this window, so a caller never gets one that dies in flight. */
export const REFRESH_WINDOW_MS = 60_000;

export type RefreshListener = (credentials: UserCredentials) => void | Promise<void>;

export interface CredentialFiles {
  /** A valid access token, refreshed first (and the user file rewritten) when it expires within 60 s. */
  getAccessToken(): Promise<string>;
  /** Called after each refresh, once the new tokens are on disk. Returns a function that unsubscribes. */
  onRefresh(listener: RefreshListener): () => void;
}

function needsRefresh(credentials: UserCredentials, now: number): boolean {
  return credentials.expiresAt !== 0 && credentials.expiresAt - now <= REFRESH_WINDOW_MS;
}

/**
 * Tokens for scripts, from an app credentials file and a user credentials file written by
 * `plugboard grant`. Both files are read at every call: a broken app file fails every call, and
 * several processes sharing the user file stay in step.
 * Refreshes are single-flight in this process and serialized across processes by a lock file.
 */
export function fromCredentialFiles(appPath: string, userPath: string): CredentialFiles {
  const listeners = new Set<RefreshListener>();
  let inFlight: Promise<string> | undefined;

  const refreshUnderLock = (profile: ClientProfile) =>
    withFileLock(userPath, async () => {
      // Another process may have refreshed while this one waited for the lock.
      const current = await readUserCredentials(userPath);
      if (!needsRefresh(current, Date.now())) return current.token;
      if (current.refreshToken === undefined) {
        throw new CliError(`the access token in ${userPath} has expired and there is no refresh token; run plugboard grant again`);
      }
      let fresh: UserCredentials;
      try {
        fresh = await refreshToken(profile, { ...current, refreshToken: current.refreshToken });
      } catch (error) {
        if (error instanceof ReauthorizationRequiredError) {
          throw new CliError(`the grant in ${userPath} is no longer valid (${error.error}); run plugboard grant again`);
        }
        throw new CliError(`the refresh failed: ${describeError(error)}`);
      }
      await writeUserCredentials(userPath, fresh);
      for (const listener of listeners) await listener(fresh);
      return fresh.token;
    });

  return {
    async getAccessToken() {
      // The app file is checked at every call, not only when a refresh needs it: a wrong or broken
      // one fails now, rather than hours later in the middle of a job.
      const profile = clientProfile(await readAppCredentials(appPath));
      const current = await readUserCredentials(userPath);
      if (!needsRefresh(current, Date.now())) return current.token;
      inFlight ??= refreshUnderLock(profile).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    onRefresh(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
