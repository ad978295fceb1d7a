// Builds the four publishable packages: ESM (.mjs) and CommonJS (.cjs), each with its own bundled
// declarations (.d.mts / .d.cts). Dependencies and peer dependencies stay external (tsdown's
// default): @rocket.chat/apps-engine, esbuild, keyv and the other packages of this workspace are
// imported at run time, never copied in. The workspace itself runs from the TypeScript sources
// (package.json `exports`); `publishConfig` swaps in dist/ when a package is packed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig, type UserConfig } from 'tsdown';

// Declarations come from TypeScript 7's native compiler (rolldown-plugin-dts's tsgo mode): the
// sources use `.ts` specifiers and parameter decorators, which tsgo reads as the workspace's tsc does.
const typescriptDir = dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
const { default: getExePath } = (await import(pathToFileURL(join(typescriptDir, 'lib/getExePath.js')).href)) as { default: () => string };
const tsgoPath = getExePath();
const root = import.meta.dirname;

function library(dir: string, entry: Record<string, string>, overrides: UserConfig = {}): UserConfig {
  return {
    name: `@plugboard/${dir}`,
    cwd: join(root, 'packages', dir),
    entry,
    tsconfig: 'tsconfig.build.json',
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'node20.19',
    fixedExtension: true,
    shims: true,
    dts: { tsgo: { path: tsgoPath } },
    // CommonJS is a deliberate second format (Rocket.Chat apps compile to it); timings are noise.
    checks: { legacyCjs: false, pluginTimings: false },
    ...overrides,
  };
}

export default defineConfig([
  library('apps-engine', {
    index: 'src/definition/index.ts',
    server: 'src/server/index.ts',
    testing: 'src/server/persistence/conformance.ts',
  }),
  library('oauth2', { index: 'src/index.ts', providers: 'src/providers/index.ts', core: 'src/core/index.ts', rocketchat: 'src/rocketchat.ts' }),
  library('testing', { index: 'src/index.ts' }),
  // The command (dist/bin.mjs) is ESM only: it uses top-level await.
  library('cli', { index: 'src/index.ts', bin: 'src/bin.ts' }, { format: { esm: {}, cjs: { entry: { index: 'src/index.ts' } } } }),
]);
