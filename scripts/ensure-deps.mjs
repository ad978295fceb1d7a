#!/usr/bin/env node
// Lets `npm run demo` and `npm test` work on a machine with only Node and npm: installs the
// workspace with pnpm 10 (through npx when pnpm is not on the PATH) when node_modules is missing
// or older than the lockfile. Corepack is not used: its download check fails on some machines.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.modules.yaml');
const lockfile = join(root, 'pnpm-lock.yaml');

const upToDate = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs;
if (!upToDate) {
  let pnpm = 'pnpm';
  try {
    execSync('pnpm --version', { stdio: 'ignore' });
  } catch {
    pnpm = 'npx --yes pnpm@10';
  }
  console.error(`Installing dependencies with ${pnpm} (the first run compiles sqlite3, about 80 s)...`);
  execSync(`${pnpm} install --frozen-lockfile`, { cwd: root, stdio: 'inherit' });
}
