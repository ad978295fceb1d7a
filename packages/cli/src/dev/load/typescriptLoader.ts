import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

let registered = false;

/**
 * Lets `import()` load the user's TypeScript app (and what it imports, ESM or CommonJS) through
 * tsx, with the tsconfig.json of the folder it runs in. Once per process; under the workspace's
 * own tsx launcher it adds a second loader that sees only what the first one left alone.
 */
export function loadTypeScriptApps(): void {
  if (registered) return;
  registerEsm();
  registerCommonJs();
  registered = true;
}

let build = 0;
let previous: { unregister(): Promise<void> } | undefined;

/**
 * Imports a module and the app's own files it imports afresh (watch mode: a new build of the app),
 * under a tsx namespace of its own; packages keep their one loaded copy. The previous build's
 * namespace is let go once the new one loaded.
 */
export async function importFresh(url: string): Promise<Record<string, unknown>> {
  build += 1;
  const scope = registerEsm({ namespace: `plugboard-dev-build-${build}` });
  let module: Record<string, unknown>;
  try {
    module = (await scope.import(url, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    await scope.unregister().catch(() => {});
    throw error;
  }
  const old = previous;
  previous = scope;
  await old?.unregister().catch(() => {});
  return module;
}
