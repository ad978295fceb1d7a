import { AppHost, type AppHostOptions, type LogEntry } from '../../src/server/index.ts';

export interface TestHost {
  host: AppHost;
  url: string;
  logs: LogEntry[];
}

/** A listening host on loopback whose log lines land in `logs` (nothing reaches the console). */
export async function startHost(options: AppHostOptions = {}): Promise<TestHost> {
  const logs: LogEntry[] = [];
  const host = new AppHost({ logger: (entry) => logs.push(entry), ...options });
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  return { host, url, logs };
}
