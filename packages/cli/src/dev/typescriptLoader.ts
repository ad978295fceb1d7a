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
