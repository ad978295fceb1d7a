/**
 * The few UIKit blocks the client posts, as plain objects in Rocket.Chat's layout (no builder: the
 * same objects work on both hosts). `appId` names the app, so a client routes the interaction to it.
 */

export interface ButtonSpec {
  actionId: string;
  text: string;
  style?: 'primary' | 'danger';
  value?: string;
  /** A link button: the client opens it (Rocket.Chat still reports the click as a block action). */
  url?: string;
}

export function sectionBlock(appId: string, text: string): object {
  return { type: 'section', appId, text: { type: 'mrkdwn', text } };
}

export function actionsBlock(appId: string, blockId: string, buttons: readonly ButtonSpec[]): object {
  return {
    type: 'actions',
    appId,
    blockId,
    elements: buttons.map((button) => ({
      type: 'button',
      appId,
      blockId,
      actionId: button.actionId,
      text: { type: 'plain_text', text: button.text },
      ...(button.style ? { style: button.style } : {}),
      ...(button.value === undefined ? {} : { value: button.value }),
      ...(button.url === undefined ? {} : { url: button.url }),
    })),
  };
}

/** A modal with one text input (`blockId` / `actionId` name where its value is in the submitted state). */
export function textInputModal(options: { appId: string; viewId: string; title: string; intro: string; label: string; blockId: string; actionId: string; submit: string }): object {
  const { appId, viewId } = options;
  return {
    id: viewId,
    type: 'modal',
    appId,
    title: { type: 'plain_text', text: options.title },
    blocks: [
      sectionBlock(appId, options.intro),
      { type: 'input', appId, blockId: options.blockId, label: { type: 'plain_text', text: options.label }, element: { type: 'plain_text_input', appId, blockId: options.blockId, actionId: options.actionId } },
    ],
    submit: { type: 'button', appId, actionId: `${viewId}:submit`, text: { type: 'plain_text', text: options.submit } },
    close: { type: 'button', appId, actionId: `${viewId}:close`, text: { type: 'plain_text', text: 'Cancel' } },
  };
}

/** The value typed into a text input of a submitted view's state. */
export function submittedText(state: unknown, blockId: string, actionId: string): string {
  const value = (state as Record<string, Record<string, unknown> | undefined> | undefined)?.[blockId]?.[actionId];
  return typeof value === 'string' ? value : '';
}
