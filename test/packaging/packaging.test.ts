// The packages as a user gets them: built, packed into the tarballs `pnpm publish` would upload,
// checked with publint and arethetypeswrong, installed with npm into a project outside this
// workspace, and used from plain Node ESM, CommonJS, TypeScript (NodeNext, and a Rocket.Chat
// app's commonjs/node settings) and the `plugboard` command. Third-party packages come from the
// registry through npm's cache; when the registry does not answer and the cache lacks something,
// the checks are skipped with a message, except under CI=true, where they must run.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindingCodeFrom, completeConsent } from '@plugboard/testing';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { installMode, npmInstall, tarballDependencies, type InstallMode } from './support/consumer.ts';
import { run, start, userEnv, type Running } from './support/run.ts';
import { buildAndPack, manifest, PACKAGES, ROOT, type PackageDir } from './support/workspace.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

let work: string;
let tarballs: Record<PackageDir, string>;
/** The consumer project, once installed; undefined when the checks are skipped. */
let project: string | undefined;
let mode: InstallMode = 'online';
let skipped = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-packaging-'));
  tarballs = await buildAndPack(work);
  const dir = join(work, 'consumer');
  await mkdir(dir);
  mode = await installMode(dir);
  try {
    await npmInstall(
      dir,
      {
        name: 'plugboard-consumer',
        private: true,
        dependencies: tarballDependencies(tarballs),
        // TypeScript 7 is what `npm i typescript` gives; Rocket.Chat apps are on 5.x, and the
        // moduleResolution "node" their template uses is gone from 7. (5.9 on NodeNext is left
        // out: it adds 20 s and attw already resolves every entry the way TypeScript 5 does.)
        // @rocket.chat/ui-kit: what a Rocket.Chat app project has (`rc-apps create` adds it); the
        // official definitions import its types, so a check with skipLibCheck off needs it.
        devDependencies: { typescript: '^7.0.2', typescript5: 'npm:typescript@~5.9.3', '@types/node': '^20.19.0', '@rocket.chat/ui-kit': '1.0.0' },
      },
      mode,
    );
  } catch (error) {
    if ((error as { offline?: boolean }).offline && process.env.CI !== 'true') {
      skipped = (error as Error).message.split('\n')[0] ?? 'offline';
      console.warn(`[packaging] skipped: ${skipped}`);
      return;
    }
    throw error;
  }
  for (const file of ['esm.mjs', 'require.cjs', 'tsconfig.nodenext.json', 'tsconfig.rocketchat.json']) {
    await copyFile(join(FIXTURES, file), join(dir, file));
  }
  for (const name of ['consumer.mts', 'consumer.ts']) await copyFile(join(FIXTURES, 'consumer.ts'), join(dir, name));
  project = dir;
}, 420_000);

afterAll(async () => {
  // PLUGBOARD_KEEP_PACKAGING=1 leaves the tarballs and the consumer project for a look.
  if (work && process.env['PLUGBOARD_KEEP_PACKAGING'] !== '1') await rm(work, { recursive: true, force: true });
  else if (work) console.warn(`[packaging] kept ${work}`);
});

/** The consumer project, or a skip (offline, outside CI). */
function consumer(ctx: TestContext): string {
  if (project === undefined) ctx.skip(skipped || 'consumer project not installed');
  return project as string;
}

const node = (args: string[], cwd: string) => run(process.execPath, args, { cwd, env: userEnv(), timeoutMs: 90_000 });
/** Each check runs a process that may wait for a busy machine's cores. */
const SLOW = 120_000;

// One after the other: publint and attw are pure CPU, and the machine has two cores for everyone.
describe('published shape', { timeout: SLOW }, () => {
  test('every package: same version, not private, license, engines, repository, files; @plugboard dependencies pinned to that version', async () => {
    const versions = new Set(PACKAGES.map((dir) => manifest(dir).version));
    expect([...versions]).toHaveLength(1);
    for (const dir of PACKAGES) {
      const packed = await packedManifest(dir);
      expect(packed, dir).toMatchObject({ license: 'MIT', engines: { node: '>=20.19' }, files: expect.arrayContaining(['dist']), repository: { directory: `packages/${dir}` } });
      expect(packed['private'], dir).toBeUndefined();
      for (const [name, range] of Object.entries({ ...(packed['dependencies'] as object) })) {
        if (name.startsWith('@plugboard/')) expect(range, `${dir} -> ${name}`).toBe([...versions][0]);
      }
      const exported = packed['exports'] as Record<string, unknown>;
      for (const [subpath, target] of Object.entries(exported)) {
        if (subpath === './package.json') continue;
        expect(target, `${dir} ${subpath}`).toMatchObject({
          import: { types: expect.stringMatching(/\.d\.mts$/), default: expect.stringMatching(/\.mjs$/) },
          require: { types: expect.stringMatching(/\.d\.cts$/), default: expect.stringMatching(/\.cjs$/) },
        });
      }
    }
  });

  test.each(PACKAGES)('publint finds nothing in @plugboard/%s', async (dir) => {
    const tarball = await readFile(tarballs[dir]);
    const { messages, pkg } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer }, level: 'suggestion' });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([]);
  });

  test.each(PACKAGES)('arethetypeswrong finds nothing in @plugboard/%s (node10, node16 CJS and ESM, bundler)', async (dir) => {
    const result = await run(join(ROOT, 'node_modules', '.bin', 'attw'), [tarballs[dir], '--format', 'json'], { cwd: work, timeoutMs: 90_000 });
    const report = JSON.parse(result.stdout) as { analysis: { problems?: unknown[] } };
    expect(report.analysis.problems ?? [], result.stdout.slice(0, 2000)).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe.concurrent('installed from the tarballs, outside the workspace', { timeout: SLOW }, () => {
  test('plain Node ESM: host, app with an OAuth client, a full authorization, a 4xx for a callback without state; no sqlite3', async (ctx) => {
    const result = await node(['esm.mjs'], consumer(ctx));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('esm ok');
  });

  test('CommonJS: every entry point loads with require, and a host serves an app', async (ctx) => {
    const result = await node(['require.cjs'], consumer(ctx));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('cjs ok');
  });

  test('tsc, NodeNext defaults, TypeScript 7: user code checks without decorator settings', async (ctx) => {
    const result = await node(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.nodenext.json'], consumer(ctx));
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test("tsc, a Rocket.Chat app's settings (module commonjs, moduleResolution node), TypeScript 5.9", async (ctx) => {
    const result = await node(['node_modules/typescript5/bin/tsc', '-p', 'tsconfig.rocketchat.json'], consumer(ctx));
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('npx plugboard --help', async (ctx) => {
    const result = await run('npx', ['plugboard', '--help'], { cwd: consumer(ctx), timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: plugboard <command>/);
  });
});

describe.concurrent('what the README promises, from the tarballs', { timeout: 240_000 }, () => {
  test('plugboard init: the project installs, passes its own npm test, and plugboard dev runs it on memory', async (ctx) => {
    const dir = consumer(ctx);
    const created = await run('npx', ['plugboard', 'init', '../my-app'], { cwd: dir, timeoutMs: 60_000 });
    expect(created.code, created.stderr).toBe(0);
    const app = join(work, 'my-app');
    const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    // What the registry will serve for "^0.1.0" once published: these tarballs.
    const published = tarballDependencies(tarballs);
    for (const section of ['dependencies', 'devDependencies']) {
      for (const name of Object.keys(manifest[section] ?? {})) {
        if (published[name] !== undefined) manifest[section]![name] = published[name];
      }
    }
    await npmInstall(app, manifest, mode);
    const tested = await run('npm', ['test'], { cwd: app, timeoutMs: 180_000 });
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/# pass 1\b/);

    await withDev(app, ['dev', 'src/app.ts', '--port', '0'], async (dev, url) => {
      expect(dev.output()).toContain('my-app (my-app) is running; store: memory (nothing is kept; npm install -D @keyv/sqlite');
      expect(dev.output()).toMatch(/OAuth alias google: the bundled authorization server, credentials and endpoints both/);
      expect(await (await fetch(url)).text()).toContain('/connect');
    });
  });

  test("the README's 15-line app, as written, under plugboard dev: the console's Connect link connects alice", async (ctx) => {
    const dir = consumer(ctx);
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const app = /## A 15-line app\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(app, 'the README has a ts block under "## A 15-line app"').toBeDefined();
    await writeFile(join(dir, 'calendar.ts'), app!);
    // This project has no "type": "module": tsx runs calendar.ts as CommonJS, on the require builds.
    await withDev(dir, ['dev', 'calendar.ts', '--port', '0'], async (dev, url) => {
      expect(dev.output()).toMatch(/CalendarApp \(calendar\) is running/);
      expect(dev.output()).toMatch(/OAuth alias google: the bundled authorization server/);
      const page = async () => (await fetch(`${url}?user=alice`)).text();
      const csrf = /data-csrf="([^"]+)"/.exec(await page())?.[1] ?? '';
      // The connections panel's Connect button, as a plain form post (no script): 303 back to the page.
      const posted = await fetch(new URL('/connections/connect', url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
        body: new URLSearchParams({ csrf, user: 'alice', alias: 'google', account: 'alice' }),
        redirect: 'manual',
      });
      expect(posted.status).toBe(303);
      const link = /<a href="([^"]+)" target="_blank" rel="noopener noreferrer">Connect alice&#39;s google account/.exec(await page())?.[1]?.replaceAll('&amp;', '&');
      expect(link, dev.output()).toBeDefined();
      const consent = await completeConsent(new URL(link!), { account: 'alice', follow: true });
      expect(consent.status).toBe(200);
      // The binding confirmation (on by default): the page names the chat user and shows a code that
      // alice types in the bot's message: its Enter code button, then the modal, as plain form posts.
      expect(consent.body).toContain('confirm in chat');
      expect(consent.body).toContain('@alice in ');
      const code = bindingCodeFrom(consent.body)!;
      const form = (path: string, fields: Record<string, string>) =>
        fetch(new URL(path, url), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
          body: new URLSearchParams({ csrf, user: 'alice', ...fields }),
          redirect: 'manual',
        });
      const { room, regions } = (await (await fetch(new URL('/regions?user=alice', url))).json()) as { room: string; regions: Record<string, { html: string }> };
      const html = regions['room']?.html ?? '';
      const before = html.slice(0, html.indexOf('>Enter code</button>'));
      const messageId = [...before.matchAll(/data-message-id="([^"]+)"/g)].at(-1)?.[1] ?? '';
      const element = ([...before.matchAll(/name="element" value="([^"]+)"/g)].at(-1)?.[1] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#39;', "'");
      expect((await form('/action', { room, messageId, element })).status, html).toBe(303);
      expect((await form('/view/submit', { room, viewId: 'plugboard-oauth2:google:binding-code', [`state:${JSON.stringify(['binding-code', 'code'])}`]: code })).status).toBe(303);
      expect(/<article class="conn" data-alias="google" data-user="alice">[\s\S]*?<\/article>/.exec(await page())?.[0]).toContain('state-connected');
    });
  });
});

/** Runs the project's installed `plugboard` (what npx runs) until it serves its console, then stops it with Ctrl-C. */
async function withDev(dir: string, args: string[], body: (dev: Running, url: string) => Promise<void>): Promise<void> {
  const dev = start(join(dir, 'node_modules', '.bin', 'plugboard'), args, { cwd: dir });
  try {
    const [, url] = await dev.waitFor(/Console: (\S+)/, 90_000);
    await body(dev, url!);
  } finally {
    expect(await dev.stop(), dev.output()).toBe(0);
  }
}

/** The package.json inside a tarball, as npm will read it. */
async function packedManifest(dir: PackageDir): Promise<Record<string, unknown>> {
  const result = await run('tar', ['-xzOf', tarballs[dir], 'package/package.json'], { cwd: work });
  return JSON.parse(result.stdout) as Record<string, unknown>;
}
