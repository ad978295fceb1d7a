import type { IHttp, IModify, IPersistence, IRead } from '@plugboard/apps-engine';
import { ConfigurationError } from '../errors.ts';

/**
 * What makes device polls happen. The client hands its scheduler one function, `run`, which polls
 * every device authorization that is due (each under its own store lock, so running it on several
 * hosts at once is safe) and resolves with the time the next one falls due. A scheduler only
 * decides when to call it.
 *
 * The default, `EmbeddedDevicePollScheduler`, uses timers on each host. A host scheduler (a job
 * queue such as BullMQ on Redis behind `IModify.getScheduler()`) can take over by implementing
 * this interface: register a job that calls `run` at `wake` times and every so often.
 */
export interface IDevicePollScheduler {
  /** Called once, by the client's `setup`. */
  start(run: DevicePollRun): void;
  /** A device authorization falls due at `at` (epoch ms): make sure `run` is called by then. */
  wake(at: number): void;
  /** Stops calling `run` (the app is disabled). */
  stop(): void;
}

/**
 * Polls what is due; resolves with when the next known poll falls due (epoch ms), if any. A job
 * scheduler passes the accessors its job received (Rocket.Chat's processors get read, modify,
 * http and persis); without them the poller uses Plugboard's background accessors.
 */
export type DevicePollRun = (io?: DevicePollAccessors) => Promise<number | undefined>;

/** The accessors one poll run works with. */
export interface DevicePollAccessors {
  read: IRead;
  modify: IModify;
  http: IHttp;
  persis: IPersistence;
}

export interface EmbeddedDevicePollSchedulerOptions {
  /**
   * How often to look at the store when nothing is known to be due, to pick up device
   * authorizations another host started and can no longer poll (it stopped). Default 10 000.
   */
  idleScanMs?: number;
}

const MIN_GAP_MS = 50;

/**
 * Timers on this host: `run` at start (pending authorizations survive a restart), at every time
 * `run` or `wake` names, and at least every `idleScanMs`. One run at a time; timers never keep
 * the process alive.
 */
export class EmbeddedDevicePollScheduler implements IDevicePollScheduler {
  private readonly idleScanMs: number;
  private run: DevicePollRun | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(options: EmbeddedDevicePollSchedulerOptions = {}) {
    this.idleScanMs = Math.max(10, options.idleScanMs ?? 10_000);
  }

  start(run: DevicePollRun): void {
    if (this.run && this.run !== run) throw new ConfigurationError('an EmbeddedDevicePollScheduler drives one client: give each client (and each host) its own');
    this.run = run;
    this.stopped = false;
    this.at(Date.now());
  }

  wake(at: number): void {
    if (this.running) this.again = this.again || at <= Date.now();
    this.at(at);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private at(when: number): void {
    if (this.stopped || !this.run || when >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = when;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, when - Date.now()));
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.stopped || !this.run) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    let next: number | undefined;
    try {
      next = await this.run();
    } catch {
      // The run reports its own failures; the idle scan below tries again.
    } finally {
      this.running = false;
    }
    const now = Date.now();
    const idle = now + this.idleScanMs;
    // Never straight back in: a poll due now but held by another host must not spin this one.
    this.at(Math.max(now + MIN_GAP_MS, this.again ? now : Math.min(next ?? idle, idle)));
    this.again = false;
  }
}
