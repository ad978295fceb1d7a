import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, runOk, userEnv } from './run.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The published packages, by folder under packages/. */
export const PACKAGES = ['apps-engine', 'oauth2', 'testing', 'cli'] as const;
export type PackageDir = (typeof PACKAGES)[number];

export function manifest(dir: PackageDir): { name: string; version: string } & Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
}

/** pnpm, or pnpm 10 through npx where it is not installed (as scripts/ensure-deps.mjs does). */
async function pnpmCommand(): Promise<[string, string[]]> {
  const found = await run('pnpm', ['--version'], { cwd: ROOT }).catch(() => undefined);
  return found?.code === 0 ? ['pnpm', []] : ['npx', ['--yes', 'pnpm@10']];
}

/**
 * Builds every package with tsdown and packs each with `pnpm pack`, which applies publishConfig
 * (the dist/ exports and bin) and turns `workspace:*` into the version: the tarballs are what
 * `pnpm publish` would upload. Returns the tarball path of each package.
 */
export async function buildAndPack(outDir: string): Promise<Record<PackageDir, string>> {
  await runOk(join(ROOT, 'node_modules', '.bin', 'tsdown'), [], { cwd: ROOT, timeoutMs: 180_000 });
  const [pnpm, prefix] = await pnpmCommand();
  const tarballs = {} as Record<PackageDir, string>;
  for (const dir of PACKAGES) {
    const { name, version } = manifest(dir);
    await runOk(pnpm, [...prefix, 'pack', '--pack-destination', outDir], { cwd: join(ROOT, 'packages', dir), env: userEnv(), timeoutMs: 60_000 });
    const tarball = join(outDir, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
    if (!existsSync(tarball)) throw new Error(`pnpm pack wrote no ${tarball}`);
    tarballs[dir] = tarball;
  }
  return tarballs;
}
