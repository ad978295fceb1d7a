import type { IHttp } from '../http/IHttp.ts';
import type { IModify } from '../accessors/IModify.ts';
import type { IRead } from '../accessors/IRead.ts';
import type { IRoom } from '../messages/IMessage.ts';
import type { IPersistence } from '../persistence/IPersistence.ts';
import type { IUser } from '../users/IUser.ts';

/** What a slash command's executor is told about its invocation. */
export class SlashCommandContext {
  constructor(
    private readonly sender: IUser,
    private readonly room: IRoom,
    private readonly args: string[],
    private readonly threadId?: string,
  ) {}

  getSender(): IUser {
    return this.sender;
  }

  getRoom(): IRoom {
    return this.room;
  }

  getArguments(): string[] {
    return [...this.args];
  }

  getThreadId(): string | undefined {
    return this.threadId;
  }
}

export interface ISlashCommand {
  /** The command without its slash: `connect` for `/connect`. */
  command: string;
  i18nParamsExample: string;
  i18nDescription: string;
  providesPreview: boolean;
  executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void>;
}

export interface ISlashCommandsExtend {
  provideSlashCommand(command: ISlashCommand): Promise<void> | void;
}
