import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliPackage {
  /** The folder holding this package's package.json (and templates/). */
  root: string;
  version: string;
  dependencies: Record<string, string>;
}

/**
 * This package's own folder and manifest, found by walking up from this file: it runs from src/
 * in the workspace and from dist/ when installed, at different depths.
 */
export function cliPackage(from: string = fileURLToPath(import.meta.url)): CliPackage {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string; dependencies?: Record<string, string> };
      if (parsed.name === '@plugboard/cli') return { root: dir, version: parsed.version, dependencies: parsed.dependencies ?? {} };
    }
    if (dirname(dir) === dir) throw new Error('@plugboard/cli: package.json not found above its own files');
  }
}
