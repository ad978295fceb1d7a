import { plugboardAccessors, plugboardScheduler, type IApp, type IConfigurationExtend, type IProcessor, type IPlugboardSchedulerModify } from '@plugboard/apps-engine';

/**
 * The client's jobs on the host's scheduler (background refresh, binding expiry): registered only
 * where the host runs keyed one-time jobs (`plugboardScheduler`), so that one pending job per key
 * exists across every host. Elsewhere (a Rocket.Chat server, a host that cannot run jobs) nothing
 * is registered and the caller keeps its fallback (refresh on use; timers and sweeps on use).
 */
export async function registerKeyedJobs(app: IApp, configuration: IConfigurationExtend, processors: IProcessor[]): Promise<IPlugboardSchedulerModify | undefined> {
  const modify = plugboardAccessors(app)?.modify;
  const scheduler = modify ? plugboardScheduler(modify.getScheduler()) : undefined;
  if (!scheduler) return undefined;
  await configuration.scheduler.registerProcessors(processors);
  return scheduler;
}
