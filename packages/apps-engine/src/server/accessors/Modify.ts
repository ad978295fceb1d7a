import { inject, injectable } from 'inversify';
import type { IModify, INotifier } from '../../definition/accessors/IModify.ts';
import { MessageBuilder, type IMessage, type IMessageBuilder } from '../../definition/messages/IMessage.ts';
import type { IUser } from '../../definition/users/IUser.ts';
import { TOKENS } from '../container/tokens.ts';
import type { MessageLog } from '../messages/MessageLog.ts';

/** An app's `IModify`: its notifier writes to the host's message log. */
@injectable()
export class Modify implements IModify {
  private readonly notifier: INotifier;

  constructor(@inject(TOKENS.AppId) appId: string, @inject(TOKENS.Messages) messages: MessageLog) {
    this.notifier = {
      notifyUser: async (user: IUser, message: IMessage): Promise<void> => {
        messages.record(appId, user, { ...message });
      },
      getMessageBuilder: (): IMessageBuilder => new MessageBuilder(),
    };
  }

  getNotifier(): INotifier {
    return this.notifier;
  }
}
