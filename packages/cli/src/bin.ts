#!/usr/bin/env node
import { openBrowser } from './grant/openBrowser.ts';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

// Ctrl-C aborts the running command, which then closes its servers; a second Ctrl-C exits at once.
// A second signal within a second is the same keypress relayed by a wrapper (pnpm, tsx), not a
// user asking twice.
const controller = new AbortController();
let firstSignalAt = 0;
const onSignal = () => {
  if (!controller.signal.aborted) {
    firstSignalAt = Date.now();
    controller.abort();
  } else if (Date.now() - firstSignalAt > 1000) {
    process.exit(130);
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

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
