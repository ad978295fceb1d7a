import { EventEmitter } from 'node:events';

/**
 * One outbound request's abort switch, given to undici and the slot queue as the request's signal.
 * undici takes an EventEmitter with `aborted` and an `abort` event as well as an AbortSignal; this
 * costs a fraction of an AbortController and its signal (an EventTarget), made for every request.
 */
export class RequestAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    this.emit('abort');
  }
}

/** What a request's signal may be: the app's AbortSignal, or our own switch. */
export type AbortSource = AbortSignal | RequestAbort;

/** Calls `listener` once when `signal` aborts; returns what stops listening. */
export function onAbort(signal: AbortSource, listener: () => void): () => void {
  if (signal instanceof RequestAbort) {
    signal.once('abort', listener);
    return () => signal.off('abort', listener);
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}
