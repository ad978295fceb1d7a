import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { REMINDER_JOB } from '../lib/constants';
import { sendDirect } from '../lib/messages';

/** Posts a reminder scheduled with `/example remind <seconds> <text>`. */
export const reminderProcessor: IProcessor = {
    id: REMINDER_JOB,
    async processor(jobContext: IJobContext, read: IRead, modify: IModify, _http: IHttp, _persistence: IPersistence): Promise<void> {
        const user = await read.getUserReader().getById(jobContext.userId);
        if (user) {
            await sendDirect(read, modify, user, `Reminder: ${jobContext.text}`);
        }
    },
};
