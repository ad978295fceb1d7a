import type { ReauthReason } from '../health/connectionStatus.ts';

/** What a re-link message is about; given to a custom `text`. */
export interface IRelinkNotice {
  alias: string;
  /** Why: a `needs_reauth` reason, or `not_connected` for a user asked to connect (`withAccessToken` with `onReauth: 'prompt'`). */
  reason: ReauthReason | 'not_connected';
  /** The account, when it is not the user's default one. */
  accountKey?: string;
  /** What a new authorization asks for (the dead grant's scopes, or only the missing ones). */
  scopes: string[];
}

/** `relinkMessage`: the one message a user gets when their connection needs them. */
export interface IRelinkMessageOptions {
  /** The message text (plain text). Default: a sentence naming the alias and what happened. */
  text?: string | ((notice: IRelinkNotice) => string);
  /** The button's label. Default `Re-link` (`Connect` for a user who never connected). */
  buttonText?: string;
}
