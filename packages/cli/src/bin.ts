import { openBrowser } from './grant/openBrowser.ts';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

// Ctrl-C aborts the running command, which then closes its servers; a second Ctrl-C exits at once.
const controller = new AbortController();
process.once('SIGINT', () => {
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.once('SIGTERM', () => controller.abort());

const io: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  openUrl: (url) => openBrowser(url, process.env),
  signal: controller.signal,
};

process.exitCode = await main(process.argv.slice(2), io);
