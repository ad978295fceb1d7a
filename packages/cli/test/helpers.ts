import { spawn } from 'node:child_process';
import { completeConsent, confirmBindingInChat, type FollowedConsentResult, type InteractingHost } from '@plugboard/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/io.ts';
import { main } from '../src/main.ts';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
  opened: string[];
  abort(): void;
}

/** An io that records what a command writes, with no TTY and no browser. */
export function captureIo(cwd: string, env: Record<string, string | undefined> = {}): CapturedIo {
  let out = '';
  let err = '';
  const controller = new AbortController();
  const opened: string[] = [];
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stderrIsTTY: false,
    env,
    cwd,
    openUrl: (url) => opened.push(url),
    signal: controller.signal,
    out: () => out,
    err: () => err,
    opened,
    abort: () => controller.abort(),
  };
}

export async function run(argv: string[], cwd: string) {
  const io = captureIo(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `plugboard-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Polls until `read()` yields a value; the command under test runs concurrently. */
export async function eventually<T>(read: () => T | undefined, what: string, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const LAUNCHER = fileURLToPath(new URL('../bin/plugboard.js', import.meta.url));

/** Runs `bin/plugboard.js` as a user would (tsx compiling the sources), in `cwd`, recording its output. */
export function launch(args: string[], cwd: string) {
  const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd, env: { ...process.env, CI: 'true' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, out: () => out, err: () => err };
}

/**
 * The browser's part of a connection (sign in, approve, follow the redirect to the callback), then
 * the chat user's part: the binding confirmation's code typed in the bot's message, when the page
 * shows one. The followed consent result (the callback page).
 */
export async function consentAndConfirm(host: InteractingHost, url: URL | string, options: { account?: string; userId?: string } = {}): Promise<FollowedConsentResult> {
  const account = options.account ?? 'alice';
  const consent = await completeConsent(url, { account, follow: true });
  if (consent.status === 200) await confirmBindingInChat(host, { userId: options.userId ?? account, pageHtml: consent.body });
  return consent;
}
