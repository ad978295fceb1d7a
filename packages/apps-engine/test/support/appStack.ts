// Run by a test in a process of its own (plain Node with tsx, as `plugboard dev` runs): installs
// the app folder given as the argument, calls its `fail()`, and prints the stack trace.
import { AppHost } from '../../src/server/index.ts';

// tsx switched Node's source-map support on for itself; as under plain node, the host must do it.
process.setSourceMapsEnabled(false);

const host = new AppHost({ logger: () => {} });
const app = (await host.installFrom(process.argv[2] ?? '.')) as unknown as { fail(): void };
try {
  app.fail();
} catch (error) {
  process.stdout.write((error as Error).stack ?? '');
}
await host.close();
