import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, userEnv } from './run.ts';
import type { PackageDir } from './workspace.ts';

/** The registry npm would use here, and whether it answers at all (any HTTP status will do). */
async function registryAnswers(cwd: string): Promise<{ registry: string; answers: boolean }> {
  const registry = (await run('npm', ['config', 'get', 'registry'], { cwd })).stdout.trim() || 'https://registry.npmjs.org/';
  const answers = await fetch(registry, { method: 'HEAD', signal: AbortSignal.timeout(5000) }).then(
    () => true,
    () => false,
  );
  return { registry, answers };
}

export type InstallMode = 'online' | 'offline';

/**
 * How this run installs third-party packages: from the registry, preferring npm's cache
 * (`online`), or from the cache alone when the registry does not answer (`offline`).
 */
export async function installMode(cwd: string): Promise<InstallMode> {
  const { registry, answers } = await registryAnswers(cwd);
  if (answers) return 'online';
  console.warn(`[packaging] ${registry} does not answer: installing from npm's cache only`);
  return 'offline';
}

/** `{ "@plugboard/cli": "file:/…/plugboard-cli-0.1.0.tgz", … }`: the tarballs as a project's dependencies. */
export function tarballDependencies(tarballs: Record<PackageDir, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tarballs).map(([dir, path]) => [`@plugboard/${dir}`, `file:${path}`]));
}

/**
 * Writes `package.json` and runs `npm install` in a project folder outside the workspace. npm
 * resolves the @plugboard dependencies between the tarballs to the tarballs themselves (their
 * versions match), so nothing is asked of the registry about them.
 */
export async function npmInstall(dir: string, packageJson: object, mode: InstallMode): Promise<void> {
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  const args = ['install', '--no-audit', '--no-fund', '--loglevel=error', mode === 'online' ? '--prefer-offline' : '--offline'];
  const result = await run('npm', args, { cwd: dir, env: userEnv(), timeoutMs: 240_000 });
  if (result.code !== 0) {
    const offline = mode === 'offline' || /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|ENOTCACHED/.test(result.stderr);
    const message = `npm install in ${dir} failed (${result.code})${offline ? ': the registry is unreachable and the cache lacks a package' : ''}\n${result.stderr}`;
    throw Object.assign(new Error(message), { offline });
  }
}
