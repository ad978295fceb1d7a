import type { IRoom } from '../../definition/messages/IMessage.ts';
import { SlashCommandContext } from '../../definition/slashcommands/ISlashCommand.ts';
import type { InstalledApp } from '../apps/InstalledApp.ts';
import { HostError } from '../errors.ts';
import type { UserDirectory } from '../users/UserDirectory.ts';

/** What a chat client sends when a user types `/command args` in a room. */
export interface SlashCommandInvocation {
  userId: string;
  /** With or without the leading slash. */
  command: string;
  /** The words after the command: a string (split on whitespace) or the list itself. */
  args?: string | string[];
  room?: IRoom;
  threadId?: string;
}

/** The room a command runs in when the caller names none. */
const DEFAULT_ROOM: IRoom = { id: 'general', slugifiedName: 'general', type: 'c' };

/** Runs a command of an enabled app as the given user; the app's error comes back as `cause`. */
export async function runSlashCommand(apps: Iterable<InstalledApp>, users: UserDirectory, invocation: SlashCommandInvocation): Promise<void> {
  const name = String(invocation.command ?? '').replace(/^\//, '');
  const owner = [...apps].find((installed) => installed.commands.has(name));
  const command = owner?.commands.get(name);
  if (!owner || !command) {
    throw new HostError('command_not_found', `No app provides the slash command "/${name}"`);
  }
  const sender = await users.require(invocation.userId);
  const args = typeof invocation.args === 'string' ? invocation.args.split(/\s+/).filter(Boolean) : [...(invocation.args ?? [])];
  const context = new SlashCommandContext(sender, invocation.room ?? DEFAULT_ROOM, args, invocation.threadId);
  try {
    await command.executor(context, owner.read, owner.modify, owner.http, owner.persistence);
  } catch (error) {
    owner.logger.error(`/${name} failed:`, error);
    throw new HostError('command_failed', `Slash command "/${name}" of app "${owner.info.id}" failed`, { cause: error });
  }
}
