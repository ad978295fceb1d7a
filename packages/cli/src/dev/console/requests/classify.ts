import type { HttpExchange } from '@plugboard/apps-engine/server';
import { plainCode } from '../connections/plainWords.ts';

export type RequestKind = 'authorization' | 'callback' | 'token' | 'refresh' | 'revocation' | 'discovery' | 'keys' | 'app token' | 'device' | 'userinfo' | 'endpoint' | 'other';

/** One line of the request log. */
export interface RequestEntry {
  id: number;
  time: Date;
  kind: RequestKind;
  /** `→` the host asked, `←` the host was asked, `⇢` the browser asked the bundled server. */
  direction: 'outbound' | 'inbound' | 'browser';
  appId?: string;
  method: string;
  /** Redacted: query values masked except harmless names. */
  url: string;
  status?: number;
  durationMs: number;
  /** What came of it, in words. */
  outcome: string;
  ok: boolean;
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return url;
  }
}

/** What an exchange was for, from its direction, body fields, method and path. */
export function classify(exchange: HttpExchange): RequestKind {
  const path = pathOf(exchange.url);
  if (exchange.direction === 'inbound') return /-callback\/?$/.test(path) ? 'callback' : 'endpoint';
  const grant = exchange.fields?.grant_type;
  if (grant === 'authorization_code') return 'token';
  if (grant === 'refresh_token') return 'refresh';
  if (grant === 'client_credentials') return 'app token';
  if (grant?.endsWith(':device_code') || /\/device(_authorization|\/auth|\/code)?$/.test(path)) return 'device';
  if (exchange.fields?.token_type_hint !== undefined || /revo/i.test(path) || exchange.method === 'DELETE') return 'revocation';
  if (path.includes('/.well-known/')) return 'discovery';
  if (/jwks|\/certs$/i.test(path)) return 'keys';
  if (/userinfo|\/me$/i.test(path)) return 'userinfo';
  return 'other';
}

/** A callback's answer, as the client's outcome pages mean it. */
function callbackOutcome(status: number): string {
  // With the binding confirmation (on by default) a 200 may still wait for the chat user's code.
  if (status === 200) return 'connected, or awaiting confirmation in chat';
  if (status === 403) return 'refused (access denied, or another account)';
  if (status === 502) return 'the token request failed: see the token line';
  if (status >= 500) return 'the app could not complete it';
  return 'rejected (unknown, used or expired state, or a bad response)';
}

/** What came of an exchange, in words: `ok`, `connected`, or the failure said plainly. */
export function outcomeOf(exchange: HttpExchange, kind: RequestKind): { outcome: string; ok: boolean } {
  if (exchange.status === undefined) return { outcome: `no answer (${exchange.failure ?? 'network'})`, ok: false };
  const status = exchange.status;
  if (kind === 'callback') return { outcome: callbackOutcome(status), ok: status === 200 };
  if (exchange.error !== undefined) return { outcome: plainCode(exchange.error), ok: false };
  if (status >= 200 && status < 300) return { outcome: 'ok', ok: true };
  if (status >= 300 && status < 400) return { outcome: 'redirect', ok: true };
  return { outcome: `HTTP ${status}`, ok: false };
}
