/**
 * One operation in flight per key in this process: callers arriving while it runs share its result
 * (SECURITY 19, in-process half; the cross-host half is the store lock).
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, operation: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = operation().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
