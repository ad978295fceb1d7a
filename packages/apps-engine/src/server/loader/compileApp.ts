import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { BuildFailure, Message, Metafile } from 'esbuild';
import { HostError } from '../errors.ts';
import { CONSOLE_BANNER } from './appConsole.ts';
import type { AppManifest } from './readManifest.ts';

/** A bare import of the compiled app, and the app file that makes it (for messages). */
export interface ExternalImport {
  path: string;
  importer: string;
}

export interface CompiledApp {
  /** One CommonJS module with an inline source map: stack traces name the app's own files and lines. */
  code: string;
  /** Where the module claims to live (next to the class file), so the map's relative sources resolve. */
  filename: string;
  /** Packages and Node built-ins the app imports; they are loaded at run time, never copied in. */
  imports: ExternalImport[];
}

/**
 * What `rc-apps create` writes into tsconfig.json: used when the folder has none, so that a parent
 * folder's tsconfig (a monorepo's, say) never changes how the app compiles.
 */
const RC_APPS_TSCONFIG = {
  compilerOptions: { target: 'es2017', module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true },
};

/**
 * Compiles the class file and the app's own files it imports (TypeScript or JavaScript, ESM or
 * CommonJS) into one CommonJS module with esbuild, under the folder's tsconfig.json. Packages stay
 * external: they resolve from the app folder when the module runs.
 */
export async function compileApp({ folder, classPath }: AppManifest): Promise<CompiledApp> {
  // Loaded on first use: hosts that never load a folder never start esbuild's service.
  const esbuild = await import('esbuild');
  const tsconfig = join(folder, 'tsconfig.json');
  const filename = join(dirname(classPath), `${basename(classPath, extname(classPath))}.plugboard.cjs`);
  try {
    const result = await esbuild.build({
      entryPoints: [classPath],
      absWorkingDir: folder,
      outfile: filename,
      write: false,
      bundle: true,
      packages: 'external',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // Class names survive bundling (apps and logs read `constructor.name`).
      keepNames: true,
      banner: { js: CONSOLE_BANNER },
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      ...(existsSync(tsconfig) ? { tsconfig } : { tsconfigRaw: RC_APPS_TSCONFIG }),
    });
    const output = result.outputFiles.find((file) => file.path === filename) ?? result.outputFiles[0];
    if (output === undefined) throw new Error('esbuild wrote no output');
    return { code: output.text, filename, imports: externalImports(result.metafile) };
  } catch (error) {
    const messages = (error as Partial<BuildFailure>).errors;
    if (!Array.isArray(messages)) throw error;
    throw new HostError('app_compile_failed', `The app in ${folder} does not compile:\n${messages.map((m) => `  ${describe(m, folder)}`).join('\n')}`, { cause: error });
  }
}

/** `MyApp.ts:12:4: Expected ";" but found "x"` (esbuild's lines are 1-based, its columns 0-based). */
function describe(message: Message, folder: string): string {
  const where = message.location;
  if (!where) return message.text;
  const file = relative(folder, join(folder, where.file)) || where.file;
  return `${file}:${where.line}:${where.column + 1}: ${message.text}`;
}

/**
 * The imports the compiled module really makes (the output's: the inputs' lists also hold imports
 * TypeScript drops, type-only ones), each with the first app file that imports it.
 */
function externalImports(metafile: Metafile): ExternalImport[] {
  const made = Object.values(metafile.outputs).flatMap((output) => output.imports.filter((found) => found.external === true).map((found) => found.path));
  const importers = Object.entries(metafile.inputs);
  return [...new Set(made)].map((path) => ({
    path,
    importer: importers.find(([, input]) => input.imports.some((found) => found.path === path))?.[0] ?? '(the class file)',
  }));
}
