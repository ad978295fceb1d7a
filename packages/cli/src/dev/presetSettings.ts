import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
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
 * Stores the preset values through the host (as an admin's edit: the app's onPreSettingUpdate and
 * onSettingUpdated run). Every id is checked first: an unknown one stops the start, naming the ids
 * the app has.
 */
export async function applySettings(host: AppHost, appId: string, values: SettingValues, file: string): Promise<string[]> {
  const known = (await host.settings.list(appId)).map((setting) => setting.id);
  const unknown = Object.keys(values).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new CliError(`--settings: ${file} names setting(s) the app does not have: ${unknown.join(', ')} (its settings: ${known.join(', ') || 'none'})`);
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
