import type { IOAuth2Client, OAuth2ClientEvents } from '@plugboard/oauth2';
import { plainCode, plainError } from './plainWords.ts';

/** The last thing that went wrong for one user and alias, in plain words. */
export interface LastError {
  text: string;
  /** What was being done: `callback`, `refresh`, `revoke`, `read`, `device`, or `authorization`. */
  operation: string;
  time: Date;
}

type Key = `${string}\u0000${string}`;
const key = (alias: string, userId: string): Key => `${alias}\u0000${userId}`;

/**
 * Listens to the app's OAuth clients and remembers, per alias and user, the last failure (cleared by
 * the next success) and whether a re-authorization is needed. Tells `changed` after each event so
 * open consoles update.
 */
export class ConnectionTracker {
  private readonly errors = new Map<Key, LastError>();
  private readonly reauth = new Set<Key>();
  private detach: Array<() => void> = [];

  constructor(private readonly changed: () => void) {}

  /** Follows these clients (the previous ones are let go: watch mode replaces the app). */
  follow(clients: ReadonlyMap<string, IOAuth2Client>): void {
    for (const off of this.detach.splice(0)) off();
    for (const [alias, client] of clients) {
      const on = <E extends keyof OAuth2ClientEvents>(event: E, listener: (payload: OAuth2ClientEvents[E]) => void) => {
        client.on(event, listener);
        this.detach.push(() => client.off(event, listener));
      };
      const ok = ({ userId }: { userId: string }) => {
        this.errors.delete(key(alias, userId));
        this.reauth.delete(key(alias, userId));
        this.changed();
      };
      on('authorizationCodeExchanged', ok);
      on('accessTokenRefreshed', ok);
      on('accessTokenRevoked', ok);
      on('authorizationCodeReceived', () => this.changed());
      on('error', ({ userId, operation, error }) => this.fail(alias, userId, operation, plainError(error)));
      on('reauthorizationRequired', ({ userId, error }) => {
        this.reauth.add(key(alias, userId));
        this.fail(alias, userId, 'refresh', `${plainCode(error)}: the user must connect again`);
      });
      on('authorizationFailed', ({ userId, failure }) => {
        const recent = this.errors.get(key(alias, userId));
        // A failed exchange was reported a moment ago with its cause: keep that.
        if (failure === 'failed' && recent && Date.now() - recent.time.getTime() < 5_000) return;
        const text = failure === 'denied' ? plainCode('access_denied') : failure === 'expired' ? plainCode('expired_token') : 'the authorization ended without a token';
        this.fail(alias, userId, 'authorization', text);
      });
    }
  }

  lastError(alias: string, userId: string): LastError | undefined {
    return this.errors.get(key(alias, userId));
  }

  needsReauthorization(alias: string, userId: string): boolean {
    return this.reauth.has(key(alias, userId));
  }

  /** A failure the console itself saw (a refresh it asked for, a revocation). */
  fail(alias: string, userId: string, operation: string, text: string): void {
    this.errors.set(key(alias, userId), { text, operation, time: new Date() });
    this.changed();
  }

  close(): void {
    for (const off of this.detach.splice(0)) off();
  }
}
