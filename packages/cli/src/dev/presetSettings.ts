import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ISetting } from '@plugboard/apps-engine';
import type { AppHost } from '@plugboard/apps-engine/server';
import { CliError } from '../errors.ts';

export type SettingValues = Record<string, unknown>;

/** `position 12` in a JSON.parse message, as `line 2, column 3` (the message itself may quote the file). */
function whereInJson(text: string, error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${Number(position) - before.lastIndexOf('\n')}`;
}

/**
 * Reads `--settings file.json`: one JSON object, setting id -> value. The file may hold secrets, so
 * an error names the place in it, never its text.
 */
export async function readSettingsFile(path: string, cwd: string): Promise<SettingValues> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`--settings: ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--settings: ${path} is not valid JSON${whereInJson(text, error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`--settings: ${path} must hold one JSON object of setting id -> value, e.g. {"greeting": "hi"}`);
  }
  return parsed as SettingValues;
}

/**
/** What is wrong with a value for a setting of this type (never quoting it: it may be a secret), if anything. */
function wrongValue(setting: ISetting, value: unknown): string | undefined {
  const choices = (setting.values ?? []).map((choice) => choice.key);
  switch (setting.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'takes true or false';
    case 'int':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'takes a number';
    case 'select':
      return choices.includes(value as string) ? undefined : `takes one of: ${choices.join(', ')}`;
    case 'multiSelect':
      return Array.isArray(value) && value.every((item) => choices.includes(item as string)) ? undefined : `takes a list of: ${choices.join(', ')}`;
    default:
      return typeof value === 'string' ? undefined : 'takes a string';
  }
}

/**
 * Stores the preset values through the host (as an admin's edit: the app's onPreSettingUpdate and
 * onSettingUpdated run). Every id and value is checked first: an unknown id stops the start, naming
 * the ids the app has, and so does a value of the wrong type (a string for a boolean, a select's
 * unknown choice).
 */
export async function applySettings(host: AppHost, appId: string, values: SettingValues, file: string): Promise<string[]> {
  const settings = await host.settings.list(appId);
  const known = settings.map((setting) => setting.id);
  const unknown = Object.keys(values).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new CliError(`--settings: ${file} names setting(s) the app does not have: ${unknown.join(', ')} (its settings: ${known.join(', ') || 'none'})`);
  }
  const byId = new Map(settings.map((setting) => [setting.id, setting]));
  for (const [id, value] of Object.entries(values)) {
    const wrong = wrongValue(byId.get(id)!, value);
    if (wrong !== undefined) throw new CliError(`--settings: ${file}: setting ${id} ${wrong}`);
  }
  for (const [id, value] of Object.entries(values)) {
    try {
      await host.settings.set(appId, id, value);
    } catch (error) {
      throw new CliError(`--settings: ${file}: setting ${id} was refused: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return Object.keys(values);
}
