import { randomUUID } from 'node:crypto';

/** Values a user entered in a view, as Rocket.Chat's client submits them: block id -> action id -> value. */
export type ViewState = Record<string, Record<string, unknown>>;

/** An element a user can act on (it has an `actionId`), with the block that holds it. */
export interface InteractiveElement {
  element: Readonly<Record<string, unknown>>;
  actionId: string;
  blockId: string | undefined;
  /** The app the element belongs to: its block's `appId` (what the client sends), else its own. */
  appId: string | undefined;
}

/** Where a value goes when its block has no id (Rocket.Chat's client uses the same name). */
export const DEFAULT_BLOCK = 'default';

/** Element types that only act (a click), never hold a value in a view's state. */
const ACTION_ONLY = new Set(['button', 'overflow', 'icon_button', 'image']);

/**
 * The interactive elements of blocks (official `IBlock`s or `@rocket.chat/ui-kit` layout blocks),
 * in order: a section's accessory, an input's element, the elements of actions and context blocks,
 * and those of the blocks inside conditional blocks.
 */
export function* interactiveElements(blocks: unknown): Generator<InteractiveElement> {
  if (!Array.isArray(blocks)) {
    return;
  }
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (block.type === 'conditional') {
      yield* interactiveElements(block.render);
      continue;
    }
    const candidates = [block.accessory, block.element, ...(Array.isArray(block.elements) ? block.elements : [])];
    for (const element of candidates) {
      if (isRecord(element) && typeof element.actionId === 'string' && element.actionId !== '') {
        yield {
          element,
          actionId: element.actionId,
          blockId: text(block.blockId) ?? text(element.blockId),
          appId: text(block.appId) ?? text(element.appId),
        };
      }
    }
  }
}

/** The element with this action id (and block id, when given), if the blocks hold one. */
export function findElement(blocks: unknown, actionId: string, blockId?: string): InteractiveElement | undefined {
  for (const found of interactiveElements(blocks)) {
    if (found.actionId === actionId && (blockId === undefined || found.blockId === blockId)) {
      return found;
    }
  }
  return undefined;
}

/** Whether acting on the element changes the view's state (inputs, selects), not just clicks. */
export function holdsValue(element: InteractiveElement): boolean {
  return !ACTION_ONLY.has(String(element.element.type));
}

/** A view's state before the user typed anything: each element's `initialValue`, as the client starts. */
export function initialState(blocks: unknown): ViewState {
  const state: ViewState = {};
  for (const found of interactiveElements(blocks)) {
    const value = found.element.initialValue;
    if (value !== undefined && value !== null && value !== '' && holdsValue(found)) {
      (state[found.blockId ?? DEFAULT_BLOCK] ??= {})[found.actionId] = value;
    }
  }
  return state;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Blocks with the ids Rocket.Chat's UI controller gives a surface's blocks: each block its app id
 * and a block id, each element of an actions or context block an action id (copies; the app's
 * objects stay as they were).
 */
export function withIds(blocks: readonly unknown[], appId: string): unknown[] {
  return blocks.map((block) => {
    if (!isRecord(block)) return block;
    const copy: Record<string, unknown> = { ...block, appId: text(block.appId) ?? appId, blockId: text(block.blockId) ?? randomUUID() };
    if (Array.isArray(block.elements)) {
      copy.elements = block.elements.map((element: unknown) =>
        isRecord(element) && !text(element.actionId) ? { ...element, actionId: randomUUID() } : element,
      );
    }
    return copy;
  });
}
