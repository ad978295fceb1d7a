import type { KoaContextLike } from 'oidc-provider';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** One poll of the token endpoint with a device code, as the server answered it. */
export interface DevicePoll {
  /** Epoch ms when the answer was sent. */
  at: number;
  /** `success`, or the OAuth error: `authorization_pending`, `slow_down`, `access_denied`, `expired_token`, ... */
  outcome: string;
}

export interface DevicePollingSettings {
  intervalSeconds: number;
  /** The first N pending polls of every device code answer `slow_down`, whatever their pace. */
  slowDownPolls: number;
}

interface CodeState {
  requiredMs: number;
  lastAt: number | undefined;
  slowDownsLeft: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The polling rules of RFC 8628 that oidc-provider leaves to the deployment: the device
 * authorization response advertises `interval` (§3.2), and a client that polls a pending code
 * faster than that gets `slow_down`, after which it must wait 5 s longer for that code (§3.5).
 * Only pending answers are replaced: once the user has decided, the answer stands.
 */
export class DevicePolling {
  readonly #settings: DevicePollingSettings;
  readonly #codes = new Map<string, CodeState>();
  readonly #polls: DevicePoll[] = [];

  constructor(settings: DevicePollingSettings) {
    this.#settings = settings;
  }

  get polls(): readonly DevicePoll[] {
    return this.#polls.map((poll) => ({ ...poll }));
  }

  readonly middleware = async (ctx: KoaContextLike, next: () => Promise<void>): Promise<void> => {
    await next();
    const route = ctx.oidc?.route;
    if (route === 'device_authorization' && ctx.status === 200 && isRecord(ctx.body)) {
      ctx.body = { ...ctx.body, interval: this.#settings.intervalSeconds };
    } else if (route === 'token' && ctx.oidc?.params?.grant_type === DEVICE_CODE_GRANT) {
      this.#poll(ctx);
    }
  };

  #poll(ctx: KoaContextLike): void {
    const now = Date.now();
    const deviceCode = ctx.oidc?.params?.device_code;
    const body = isRecord(ctx.body) ? ctx.body : {};
    if (typeof deviceCode === 'string' && body.error === 'authorization_pending') {
      const state = this.#state(deviceCode);
      const tooSoon = state.lastAt !== undefined && now - state.lastAt < state.requiredMs;
      if (tooSoon || state.slowDownsLeft > 0) {
        state.slowDownsLeft = Math.max(0, state.slowDownsLeft - 1);
        state.requiredMs += 5_000;
        ctx.status = 400;
        ctx.body = { error: 'slow_down', error_description: 'polling too quickly: wait 5 seconds longer between requests' };
      }
      state.lastAt = now;
    }
    const answer = isRecord(ctx.body) ? ctx.body : {};
    this.#polls.push({ at: now, outcome: typeof answer.error === 'string' ? answer.error : ctx.status === 200 ? 'success' : `http_${ctx.status}` });
  }

  #state(deviceCode: string): CodeState {
    let state = this.#codes.get(deviceCode);
    if (state === undefined) {
      state = { requiredMs: this.#settings.intervalSeconds * 1000, lastAt: undefined, slowDownsLeft: this.#settings.slowDownPolls };
      this.#codes.set(deviceCode, state);
    }
    return state;
  }
}
