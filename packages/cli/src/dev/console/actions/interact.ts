import type { ViewState } from '@plugboard/apps-engine/server';
import { parseStateName } from '../blocks/surface.ts';
import type { ConsoleContext } from '../context.ts';
import { failure, placeOf } from './place.ts';

/** `{"blockId","actionId","appId"?,"value"?}`, as element forms and buttons send it. */
interface ElementRef {
  blockId?: string;
  actionId: string;
  appId?: string;
  value?: string;
}

function parseJson<T>(text: string | null, check: (value: Record<string, unknown>) => boolean): T | undefined {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return typeof value === 'object' && value !== null && check(value as Record<string, unknown>) ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

const isElementRef = (value: Record<string, unknown>) => typeof value.actionId === 'string';

/** A view's form fields as its state (block id -> action id -> value); a multi-select gives a list. */
export function viewState(form: URLSearchParams): ViewState {
  const state: ViewState = {};
  for (const name of new Set(form.keys())) {
    const ids = parseStateName(name);
    if (ids === undefined) continue;
    const values = form.getAll(name);
    (state[ids[0]] ??= {})[ids[1]] = values.length > 1 ? values : values[0];
  }
  return state;
}

async function attempt(ctx: ConsoleContext, what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    ctx.activity.add('error', `${what} failed: ${failure(error)}`);
  }
}

/** A click, a pick or a choice in a block element of a message or a view. */
export async function blockAction(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const place = await placeOf(ctx, form);
  const element = parseJson<ElementRef>(form.get('element'), isElementRef);
  if (element === undefined) return ctx.activity.add('error', 'block action: the element is missing');
  const picked = form.has('values') ? form.getAll('values') : (form.get('value') ?? element.value);
  const viewId = form.get('viewId');
  const messageId = form.get('messageId');
  const roomId = place.entry?.room?.id;
  await attempt(ctx, `the ${element.actionId} action`, () =>
    ctx.host.interact({
      type: 'blockAction',
      userId: place.user.id,
      actionId: element.actionId,
      ...(element.blockId === undefined ? {} : { blockId: element.blockId }),
      ...(element.appId === undefined ? {} : { appId: element.appId }),
      ...(picked === undefined || picked === null || picked === '' ? {} : { value: picked }),
      ...(viewId ? { viewId, ...(roomId === undefined ? {} : { roomId }) } : messageId ? { messageId } : {}),
    }),
  );
}

export async function submitView(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const place = await placeOf(ctx, form);
  const viewId = form.get('viewId') ?? '';
  const roomId = place.entry?.room?.id;
  await attempt(ctx, 'submitting the view', () =>
    ctx.host.interact({ type: 'viewSubmit', userId: place.user.id, viewId, state: viewState(form), ...(roomId === undefined ? {} : { roomId }) }),
  );
}

export async function closeView(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const place = await placeOf(ctx, form);
  const viewId = form.get('viewId') ?? '';
  await attempt(ctx, 'closing the view', () =>
    ctx.host.interact({ type: 'viewClosed', userId: place.user.id, viewId, isCleared: form.get('cleared') === '1', state: viewState(form) }),
  );
}

/** An app's action button, from a message menu, the room menu or the message box menu. */
export async function actionButton(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const place = await placeOf(ctx, form);
  const button = parseJson<{ appId: string; actionId: string }>(form.get('button'), (v) => typeof v.actionId === 'string' && typeof v.appId === 'string');
  if (button === undefined) return ctx.activity.add('error', 'action button: the button is missing');
  const messageId = form.get('messageId');
  const roomId = place.entry?.room?.id;
  await attempt(ctx, `the ${button.actionId} button`, () =>
    ctx.host.interact({
      type: 'actionButton',
      userId: place.user.id,
      actionId: button.actionId,
      appId: button.appId,
      ...(messageId ? { messageId } : roomId === undefined ? {} : { roomId }),
    }),
  );
}
