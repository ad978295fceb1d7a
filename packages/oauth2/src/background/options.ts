/**
 * `backgroundRefresh`: keeping connections alive on the host's scheduler. On by default wherever
 * the host can run jobs (Plugboard: in-process, or BullMQ on Redis); `false` turns it off. Nothing
 * runs on a host without a scheduler that honours keyed jobs (a Rocket.Chat server).
 */
export interface IBackgroundRefreshOptions {
  /** Refresh each token before it expires, so that no call waits for a refresh. Default true. */
  aheadOfExpiry?: boolean;
  /** Seconds a refresh token lives unused; default the preset's (Google 182 days, Entra 90...). */
  refreshTokenIdleSeconds?: number;
  /** Check each token at this interval (seconds) where the provider requires it; default the preset's (Twitch: 3600). */
  validateEverySeconds?: number;
  /** Background token requests per minute per provider, across every host sharing the store. Default 60. */
  perMinute?: number;
  /** How much earlier than planned a job may run, as a fraction of the time until then (0 to 0.5). Default 0.1. */
  jitter?: number;
}
