import type { OAuth2Error } from '../errors.ts';
import type { IConnectionStatus, ReauthReason } from '../health/connectionStatus.ts';

interface Base {
  userId: string;
  alias: string;
}

/** Events about one stored token name its account when it is not the user's default one. */
interface Keyed {
  accountKey?: string;
}

/** Event payloads. None carries a token, code, verifier or secret. */
export interface OAuth2ClientEvents {
  /** A callback with a valid state arrived; the code is about to be exchanged. */
  authorizationCodeReceived: Base;
  /** The code was exchanged and the token stored. */
  /** The token was stored: after a callback's code exchange, or a device code's approval. */
  authorizationCodeExchanged: Base & Keyed & { scope: string; expiresAt: number };
  accessTokenRefreshed: Base & Keyed & { scope: string; expiresAt: number; rotated: boolean };
  accessTokenRevoked: Base & Keyed & { providerNotified: boolean };
  /** The user's authorization ended without a token: denied, the exchange failed, or a device code expired. */
  authorizationFailed: Base & { failure: 'denied' | 'failed' | 'expired' };
  /**
   * The connection needs re-authorization (`status.state` is `needs_reauth`), once per episode on
   * whichever host saw it first: the provider rejected the grant (`error` is its code,
   * `invalid_grant`), refused the access token (`revoked`), the token expired with no refresh token
   * (`token_expired`), the grant lacks scopes (`scopes_missing`; the token stays), or the provider
   * refused the client credentials (`client_credentials_refused`; the token stays, an administrator
   * must fix the settings). The grant's token is gone for the first three.
   */
  reauthorizationRequired: Base & Keyed & { error: string; reason: ReauthReason; status: IConnectionStatus };
  /**
   * A callback's token waits for the chat user's confirmation (binding confirmation, SECURITY 25):
   * the callback page showed the one-time code, the bot sent the user a message. No code here.
   */
  bindingPending: Base & { expiresAt: number };
  /** A binding that was not confirmed ended: the user said "Not me", the time ran out, too many wrong codes, or a newer sign-in replaced it. Its token was revoked. */
  bindingEnded: Base & { outcome: 'rejected' | 'expired' | 'too_many_attempts' | 'replaced' };
  /** This host recorded a change of the connection's health (see `getConnectionStatus`). */
  connectionStatusChanged: Base & Keyed & { status: IConnectionStatus };
  error: Base & { operation: 'callback' | 'refresh' | 'revoke' | 'read' | 'device'; error: OAuth2Error | Error };
}

export type OAuth2EventName = keyof OAuth2ClientEvents;
export type OAuth2Listener<E extends OAuth2EventName> = (payload: OAuth2ClientEvents[E]) => void;

/** A tiny typed emitter: a throwing listener never breaks the flow that emitted. */
export class OAuth2EventEmitter {
  private readonly listeners = new Map<OAuth2EventName, Set<(payload: never) => void>>();

  on<E extends OAuth2EventName>(event: E, listener: OAuth2Listener<E>): void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
  }

  off<E extends OAuth2EventName>(event: E, listener: OAuth2Listener<E>): void {
    this.listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  emit<E extends OAuth2EventName>(event: E, payload: OAuth2ClientEvents[E], onListenerError?: (error: unknown) => void): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as OAuth2Listener<E>)(payload);
      } catch (error) {
        onListenerError?.(error);
      }
    }
  }
}
