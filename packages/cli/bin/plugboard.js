#!/usr/bin/env node
// The package ships TypeScript sources; tsx's loader runs them without a build step. The tsconfig
// is named explicitly: run from another project, tsx would otherwise use that project's (or none),
// and the host's decorators would not compile.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('./tsx.tsconfig.json', import.meta.url)) });
await import('../src/bin.ts');
