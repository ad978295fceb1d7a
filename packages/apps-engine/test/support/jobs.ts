import { setTimeout as sleep } from 'node:timers/promises';
import { App, type IConfigurationExtend, type IJobContext, type IModify, type IProcessor } from '../../src/definition/index.ts';
import type { AppHost } from '../../src/server/index.ts';

/** One processor's runs, in order: the job context it got and the app whose accessors it ran with. */
export interface Run {
  processor: string;
  context: IJobContext;
  appUser: string | undefined;
}

/**
 * An app class registering processors that record each run in `runs` (shared by every host that
 * installs the class, so a test counts executions across hosts). `fail` makes a processor throw;
 * `then` runs after the run is recorded (to schedule from inside a job).
 */
export function jobsApp(
  runs: Run[],
  processors: Array<Omit<IProcessor, 'processor'> & { fail?: (context: IJobContext) => boolean; then?: (context: IJobContext, modify: IModify) => Promise<void> }>,
) {
  return class JobsApp extends App {
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      await configuration.scheduler.registerProcessors(
        processors.map(({ fail, then, ...processor }) => ({
          ...processor,
          processor: async (context, read, modify) => {
            runs.push({ processor: processor.id, context, appUser: (await read.getUserReader().getAppUser())?.username });
            await then?.(context, modify);
            if (fail?.(context)) {
              throw new Error(`processor ${processor.id} failed on purpose`);
            }
          },
        })),
      );
    }
  };
}

/** Waits until `check` holds (polling), or fails after `timeoutMs` with `what`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(50);
  }
}

export function runsOf(runs: readonly Run[], processor: string): Run[] {
  return runs.filter((run) => run.processor === processor);
}

export function scheduler(host: AppHost, appId: string) {
  return host.accessors(appId).modify.getScheduler();
}
