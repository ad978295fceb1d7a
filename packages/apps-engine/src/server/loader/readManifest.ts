import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import type { AppInfoInput } from '../../definition/extensions/appInfo.ts';
import { completeAppInfo } from '../apps/appInfo.ts';
import { HostError } from '../errors.ts';

export const MANIFEST = 'app.json';

/** An rc-apps folder's `app.json`, checked, and where its class file is. */
export interface AppManifest {
  folder: string;
  /** The `app.json` path, for messages. */
  manifestPath: string;
  info: AppInfoInput & { classFile: string; requiredApiVersion: string };
  /** The class file that exists: the one named, or its compiled `.js` (Rocket.Chat's own rule). */
  classPath: string;
}

const STRING_FIELDS = ['id', 'name', 'version', 'classFile'] as const;
const OPTIONAL_STRING_FIELDS = ['nameSlug', 'description', 'requiredApiVersion', 'iconFile'] as const;

/**
 * Reads `<folder>/app.json` (Rocket.Chat's `IAppInfo`). Every problem is an `invalid_app_folder`
 * HostError naming the file and the field.
 */
export async function readManifest(folder: string): Promise<AppManifest> {
  const manifestPath = join(folder, MANIFEST);
  const bad = (what: string): HostError => new HostError('invalid_app_folder', `${manifestPath}: ${what}`);
  if (!(await stat(folder).catch(() => undefined))?.isDirectory()) {
    throw new HostError('invalid_app_folder', `${folder} is not a folder (an rc-apps folder holds app.json and the app's class file)`);
  }
  const text = await readFile(manifestPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'not found: an rc-apps folder has one (rc-apps create writes it)' : `cannot be read (${error.code ?? error.message})`;
    throw new HostError('invalid_app_folder', `${manifestPath} ${why}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HostError('invalid_app_folder', `${manifestPath} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new HostError('invalid_app_folder', `${manifestPath} must hold a JSON object`);
  const fields = json as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (typeof fields[field] !== 'string' || (fields[field] as string).trim() === '') throw bad(`"${field}" must be a non-empty string`);
  }
  for (const field of OPTIONAL_STRING_FIELDS) {
    if (fields[field] !== undefined && typeof fields[field] !== 'string') throw bad(`"${field}" must be a string`);
  }
  const author = fields['author'];
  if (author !== undefined && (typeof author !== 'object' || author === null || Array.isArray(author))) {
    throw bad('"author" must be an object ({ "name", "homepage", "support" })');
  }
  if (fields['implements'] !== undefined && !isStringArray(fields['implements'])) throw bad('"implements" must be an array of interface names');

  const info = { ...fields, requiredApiVersion: fields['requiredApiVersion'] ?? '*' } as AppManifest['info'];
  try {
    // The host's own rules for ids (they name URL paths and store keys) and names.
    completeAppInfo(info);
  } catch (error) {
    throw bad(`"id": ${(error as Error).message}`);
  }
  return { folder, manifestPath, info, classPath: await findClassFile(folder, info.classFile, bad) };
}

/**
 * The class file, inside the folder. A packaged app's `app.json` still names `MyApp.ts` next to the
 * compiled `MyApp.js`; Rocket.Chat's parser swaps the extension, and so does this.
 */
async function findClassFile(folder: string, classFile: string, bad: (what: string) => HostError): Promise<string> {
  const path = join(folder, normalize(classFile));
  const inside = relative(folder, path);
  if (isAbsolute(classFile) || inside === '' || inside === '..' || inside.startsWith(`..${sep}`)) {
    throw bad(`"classFile" must name a file inside the folder, not ${JSON.stringify(classFile)}`);
  }
  const compiled = path.endsWith('.ts') ? `${path.slice(0, -3)}.js` : undefined;
  for (const candidate of [path, compiled]) {
    if (candidate !== undefined && (await stat(candidate).catch(() => undefined))?.isFile()) return candidate;
  }
  const nor = compiled === undefined ? '' : ` (nor does ${relative(folder, compiled)})`;
  throw bad(`"classFile" names ${classFile}, which does not exist in ${folder}${nor}`);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
