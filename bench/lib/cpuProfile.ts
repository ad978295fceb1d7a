import { Session } from 'node:inspector/promises';

/** A V8 CPU profile as the inspector returns it (the fields used here). */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  /** Microseconds on the monotonic clock (the one `process.hrtime` reads). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One sample: when it was taken (monotonic µs), how much time it stands for, and its leaf frame. */
export interface Sample {
  at: number;
  weightUs: number;
  idle: boolean;
  frame: string;
}

/** Starts V8's sampling profiler in this process; `stop()` returns the profile. */
export async function startCpuProfile(intervalUs = 100): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile as unknown as CpuProfile;
    },
  };
}

/** Monotonic microseconds, on the clock the profile's timestamps use. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** The samples in time order, each named by its leaf frame (`function file:line`, paths shortened). */
export function samplesOf(profile: CpuProfile, root: string): Sample[] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const samples: Sample[] = [];
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    const frame = frames.get(profile.samples[i] as number);
    const weightUs = profile.timeDeltas[i + 1] ?? 0; // the time until the next sample
    if (!frame) continue;
    samples.push({ at, weightUs, idle: frame.functionName === '(idle)', frame: frameName(frame, root) });
  }
  return samples;
}

function frameName(frame: { functionName: string; url: string; lineNumber: number }, root: string): string {
  if (!frame.url) return frame.functionName || '(anonymous)';
  const file = frame.url
    .replace(`file://${root}/`, '')
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^node:internal\/deps\//, 'node:');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}
