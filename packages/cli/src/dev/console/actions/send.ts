import type { ConsoleContext } from '../context.ts';
import { failure, placeOf, roomOf } from './place.ts';

/** `/example remind 5 tea` -> `example`, `remind 5 tea`. */
export function parseCommand(text: string): { command: string; args: string } | undefined {
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return match === null ? undefined : { command: match[1] ?? '', args: (match[2] ?? '').trim() };
}

/**
 * The composer: `/command args` runs the slash command as the user, in the open room (a direct
 * room with a bot is created first); other text is the user's message there, through the apps'
 * message listeners.
 */
export async function send(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const text = (form.get('text') ?? '').trim();
  if (text === '') return;
  const place = await placeOf(ctx, form);
  const command = parseCommand(text);
  try {
    const room = await roomOf(ctx, place);
    if (command !== undefined) {
      await ctx.host.executeSlashCommand({ userId: place.user.id, command: command.command, args: command.args, ...(room === undefined ? {} : { room }) });
      return;
    }
    if (room === undefined) throw new Error('there is no room to write in');
    // Through the apps' message listeners (IPreMessageSent*, IPostMessageSent*), as Rocket.Chat sends it.
    const sent = await ctx.host.sendMessage({ userId: place.user.id, room, text });
    if (sent === undefined) ctx.activity.add('ok', 'an app prevented the message (IPreMessageSentPrevent)');
  } catch (error) {
    ctx.activity.add('error', command === undefined ? `the message was not sent: ${failure(error)}` : `/${command.command} failed: ${failure(error)}`);
  }
}
