import { SettingType, type ISetting } from '@plugboard/apps-engine';
import { describeError } from '@plugboard/oauth2';
import type { ConsoleContext } from '../context.ts';

/** The value a submitted field stands for, or `undefined` for "leave unchanged". */
function submittedValue(setting: ISetting, form: URLSearchParams): unknown {
  const raw = form.get(`setting:${setting.id}`);
  switch (setting.type) {
    case SettingType.BOOLEAN:
      return form.has(`present:${setting.id}`) ? raw === 'true' : undefined;
    case SettingType.PASSWORD:
      // An empty password field keeps the stored secret: it was never sent to the browser.
      return raw === null || raw === '' ? undefined : raw;
    case SettingType.NUMBER:
      return raw === null || raw.trim() === '' ? undefined : Number(raw);
    default:
      return raw ?? undefined;
  }
}

export async function saveSettings(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const changed: string[] = [];
  const { appId } = ctx.current();
  for (const setting of await ctx.host.settings.list(appId)) {
    if (setting.hidden === true) continue;
    const value = submittedValue(setting, form);
    if (value === undefined) continue;
    if (setting.type !== SettingType.PASSWORD && JSON.stringify(value) === JSON.stringify(await ctx.host.settings.get(appId, setting.id))) continue;
    try {
      await ctx.host.settings.set(appId, setting.id, value);
      changed.push(setting.id);
    } catch (error) {
      // Names the setting, never the value (it may be a secret typed into the wrong field).
      ctx.activity.add('error', `setting ${setting.id} not saved: ${describeError(error)}`);
    }
  }
  ctx.activity.add('ok', changed.length === 0 ? 'settings unchanged' : `saved settings: ${changed.join(', ')}`);
  ctx.live.publish('settings');
}
