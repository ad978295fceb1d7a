import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands/index.js';
import { type IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { InstalledApp } from '../apps/InstalledApp.ts';
import type { Chat } from '../chat/Chat.ts';
import { HostError } from '../errors.ts';
import type { TriggerRegistry } from '../uikit/TriggerRegistry.ts';

/** What a chat client sends when a user types `/command args` in a room. */
export interface SlashCommandInvocation {
  userId: string;
  /** With or without the leading slash. */
  command: string;
  /** The words after the command: a string (split on whitespace) or the list itself. */
  args?: string | string[];
  /** The room it was typed in: a room, or a room id. Default: the host's `general` channel. */
  room?: IRoom | string;
  threadId?: string;
  /** Identifies this invocation for views the command opens (see `ViewStore`); one is made up when absent. */
  triggerId?: string;
}

/**
 * Runs a command of an enabled app as the given user, in the given room (the host's default
 * channel when none); the app's error comes back as `cause`. The invocation's trigger id is one
 * the user's client waits on, so the command can open a view with it.
 */
export async function runSlashCommand(
  apps: Iterable<InstalledApp>,
  chat: Chat,
  defaultRoom: () => Promise<IRoom>,
  invocation: SlashCommandInvocation,
  triggers: TriggerRegistry,
): Promise<void> {
  const name = String(invocation.command ?? '').replace(/^\//, '');
  const owner = [...apps].find((installed) => installed.slashCommands.serves(name));
  const command = owner?.commands.get(name);
  if (!owner || !command) {
    throw new HostError('command_not_found', `No app provides the slash command "/${name}"`);
  }
  const sender = await chat.users.require(invocation.userId);
  const room = invocation.room === undefined ? await defaultRoom() : await chat.findRoom(invocation.room);
  const args = typeof invocation.args === 'string' ? invocation.args.split(/\s+/).filter(Boolean) : [...(invocation.args ?? [])];
  const trigger = triggers.issue({ id: invocation.triggerId, appId: owner.info.id, userId: sender.id, roomId: room.id });
  const context = new SlashCommandContext(sender, room, args, invocation.threadId, trigger.id);
  try {
    await command.executor(context, owner.read, owner.modify, owner.http, owner.persistence);
  } catch (error) {
    owner.logger.error(`/${name} failed:`, error);
    throw new HostError('command_failed', `Slash command "/${name}" of app "${owner.info.id}" failed`, { cause: error });
  }
}
