import { actionsBlock, textInputModal, type ButtonSpec } from '../chat/blocks.ts';
import type { BotMessage } from '../chat/directMessage.ts';
import type { ChatActions } from '../chat/chatActions.ts';

/** The names of the binding's buttons and modal (full ids: `ChatActions`). */
export const BINDING_ACTIONS = { enterCode: 'binding-enter-code', notMe: 'binding-not-me', codeView: 'binding-code' } as const;
/** Where the code is in the modal's submitted state. */
export const CODE_INPUT = { blockId: 'binding-code', actionId: 'code' } as const;

/** How a binding ended, as the chat user reads it in the updated message. */
export type BindingEnd = 'confirmed' | 'rejected' | 'expired' | 'too_many_attempts' | 'replaced';

export interface BindingWording {
  appId: string;
  appName: string;
  /** The client's alias or provider name. */
  service: string;
  /** Who signed in at the provider, when known. */
  account?: string;
  minutes: number;
}

function who(words: BindingWording): string {
  return words.account === undefined ? `a ${words.service} account` : `the ${words.service} account ${words.account}`;
}

/** The bot's message to the chat user a callback was issued for, with *Enter code* and *Not me*. */
export function pendingMessage(chat: ChatActions, words: BindingWording): BotMessage {
  const text =
    `Someone signed in to connect ${who(words)} to your chat user in ${words.appName}. ` +
    `If it was you, choose *Enter code* and type the code shown on that page. ` +
    `If it was not you, choose *Not me*: the access is revoked. Unconfirmed, it is revoked in ${words.minutes} minutes.`;
  const buttons: ButtonSpec[] = [
    { actionId: chat.actionId(BINDING_ACTIONS.enterCode), text: 'Enter code', style: 'primary' },
    { actionId: chat.actionId(BINDING_ACTIONS.notMe), text: 'Not me', style: 'danger' },
  ];
  // The text says it all (clients show the text and then the blocks): the blocks are only the buttons.
  return { text, blocks: [actionsBlock(words.appId, 'plugboard-oauth2-binding', buttons)] };
}

const ENDINGS: Record<BindingEnd, (words: BindingWording) => string> = {
  confirmed: (words) => `Connected: ${who(words)} is now linked to your chat user in ${words.appName}.`,
  rejected: (words) => `Not connected: ${who(words)} was not linked, and its access was revoked.`,
  expired: (words) => `Not connected: the code was not entered in time, so ${who(words)} was not linked and its access was revoked.`,
  too_many_attempts: (words) => `Not connected: too many wrong codes, so ${who(words)} was not linked and its access was revoked.`,
  replaced: (words) => `Not connected: a newer sign-in replaced this one (${who(words)}), and its access was revoked.`,
};

/** The same message once the binding ended: the outcome, no buttons. */
export function endedMessage(words: BindingWording, end: BindingEnd): BotMessage {
  return { text: ENDINGS[end](words), blocks: [] };
}

/** The modal *Enter code* opens. */
export function codeModal(chat: ChatActions, words: BindingWording): object {
  return textInputModal({
    appId: words.appId,
    viewId: chat.viewId(BINDING_ACTIONS.codeView),
    title: 'Confirm the connection',
    intro: `Type the code shown on the page where you signed in to connect ${who(words)}.`,
    label: 'Code',
    blockId: CODE_INPUT.blockId,
    actionId: CODE_INPUT.actionId,
    submit: 'Confirm',
  });
}
