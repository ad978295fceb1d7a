import { SettingType, type ISetting } from '@rocket.chat/apps-engine/definition/settings/index.js';
import { HostError } from '../errors.ts';

/** Rejects a value of the wrong type for the setting, so apps never read a number as a secret. */
export function checkSettingValue(appId: string, setting: ISetting, value: unknown): void {
  if (value === undefined || value === null) {
    return; // clears the value: reads fall back to packageValue
  }
  if (!fits(setting, value)) {
    throw new HostError('invalid_setting', `Setting "${setting.id}" of app "${appId}" takes a ${describe(setting)}`);
  }
}

function fits(setting: ISetting, value: unknown): boolean {
  switch (setting.type) {
    case SettingType.BOOLEAN:
      return typeof value === 'boolean';
    case SettingType.NUMBER:
      return typeof value === 'number' && Number.isFinite(value);
    case SettingType.SELECT:
      return typeof value === 'string' && isChoice(setting, value);
    case SettingType.MULTI_SELECT:
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && isChoice(setting, item));
    default:
      return typeof value === 'string';
  }
}

function isChoice(setting: ISetting, value: string): boolean {
  return !setting.values || setting.values.some((choice) => choice.key === value);
}

function describe(setting: ISetting): string {
  switch (setting.type) {
    case SettingType.BOOLEAN:
      return 'boolean';
    case SettingType.NUMBER:
      return 'finite number';
    case SettingType.SELECT:
      return 'string among its values';
    case SettingType.MULTI_SELECT:
      return 'list of strings among its values';
    default:
      return 'string';
  }
}
