import type { IRoom, IUser } from '@plugboard/apps-engine';
import type { ConsoleContext } from '../context.ts';
import { plainError } from '../connections/plainWords.ts';
import { selectUser } from '../gatherView.ts';
import { ensureRoom, listRooms, pickRoom, type RoomEntry } from '../rooms/roomList.ts';

/** Where a form was sent from: the chat user, and the room they had open. */
export interface Place {
  user: IUser;
  entry: RoomEntry | undefined;
}

export async function placeOf(ctx: ConsoleContext, form: URLSearchParams): Promise<Place> {
  const { selected } = await selectUser(ctx, form.get('user'));
  const rooms = await listRooms(ctx.host, selected);
  return { user: selected, entry: pickRoom(rooms, form.get('room')) };
}

/** The real room of the place, created the first time the user writes to a bot. */
export async function roomOf(ctx: ConsoleContext, place: Place): Promise<IRoom | undefined> {
  return place.entry === undefined ? undefined : ensureRoom(ctx.host, place.user, place.entry);
}

/**
 * A host or app failure in words that hold no secret: the host's message (its own wording), and
 * the app's cause in plain words (codes only, never provider free text).
 */
export function failure(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const own = error instanceof Error ? error.message : 'failed';
  return cause === undefined ? own : `${own}: ${plainError(cause)}`;
}
