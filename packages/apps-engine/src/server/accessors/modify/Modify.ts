import type { IModerationModify, IModify, IModifyCreator, IModifyDeleter, IModifyExtender, IModifyUpdater, INotifier, ISchedulerModify, IUIController } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IOAuthAppsModify } from '@rocket.chat/apps-engine/definition/accessors/IOAuthAppsModify.js';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../../container/tokens.ts';
import { unsupported } from '../unsupported.ts';

/** An app's `IModify`: chat writes, views and jobs, each scoped to the app. */
@injectable()
export class Modify implements IModify {
  constructor(
    @inject(TOKENS.Creator) private readonly creator: IModifyCreator,
    @inject(TOKENS.Deleter) private readonly deleter: IModifyDeleter,
    @inject(TOKENS.Extender) private readonly extender: IModifyExtender,
    @inject(TOKENS.Updater) private readonly updater: IModifyUpdater,
    @inject(TOKENS.Notifier) private readonly notifier: INotifier,
    @inject(TOKENS.UiController) private readonly ui: IUIController,
    @inject(TOKENS.Scheduler) private readonly scheduler: ISchedulerModify,
  ) {}

  getCreator(): IModifyCreator {
    return this.creator;
  }

  getDeleter(): IModifyDeleter {
    return this.deleter;
  }

  getExtender(): IModifyExtender {
    return this.extender;
  }

  getUpdater(): IModifyUpdater {
    return this.updater;
  }

  getNotifier(): INotifier {
    return this.notifier;
  }

  getUiController(): IUIController {
    return this.ui;
  }

  getScheduler(): ISchedulerModify {
    return this.scheduler;
  }

  getOAuthAppsModifier(): IOAuthAppsModify {
    return unsupported('modify.getOAuthAppsModifier()');
  }

  getModerationModifier(): IModerationModify {
    return unsupported('modify.getModerationModifier()');
  }
}
