import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands/index.js';
import type { ISlashCommandsModify } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import { HostError } from '../errors.ts';

/**
 * `configurationModify.slashCommands`: an app changes, disables or re-enables its own commands.
 * A disabled command answers `command_not_found` until it is enabled again.
 */
export class SlashCommandsModify implements ISlashCommandsModify {
  readonly disabled = new Set<string>();

  constructor(
    private readonly appId: string,
    private readonly commands: Map<string, ISlashCommand>,
  ) {}

  /** Whether `/name` is this app's and enabled. */
  serves(name: string): boolean {
    return this.commands.has(name) && !this.disabled.has(name);
  }

  async modifySlashCommand(command: ISlashCommand): Promise<void> {
    const name = this.own(command?.command);
    if (typeof command.executor !== 'function') {
      throw new HostError('app_install_failed', `App "${this.appId}": the modified command "/${name}" has no executor`);
    }
    this.commands.set(name, command);
  }

  async disableSlashCommand(command: string): Promise<void> {
    this.disabled.add(this.own(command));
  }

  async enableSlashCommand(command: string): Promise<void> {
    this.disabled.delete(this.own(command));
  }

  private own(command: unknown): string {
    const name = typeof command === 'string' ? command.replace(/^\//, '') : '';
    if (!this.commands.has(name)) {
      throw new HostError('command_not_found', `App "${this.appId}" provides no slash command "/${name}"`);
    }
    return name;
  }
}
