import type { HttpExchange } from '@plugboard/apps-engine/server';
import { classify, outcomeOf, type RequestEntry } from './classify.ts';

/** A request the bundled authorization server received from the browser (its authorization endpoint). */
export interface BrowserRequest {
  method: string;
  /** Redacted. */
  url: string;
  status: number;
  durationMs: number;
}

/** The newest requests (200), newest first, and whoever listens (the console's live updates, the terminal). */
export class RequestLog {
  private readonly entries: RequestEntry[] = [];
  private readonly listeners = new Set<(entry: RequestEntry) => void>();
  private next = 1;

  constructor(private readonly capacity = 200) {}

  /** An app's exchange (the host's `http` event). */
  record(exchange: HttpExchange): RequestEntry {
    const kind = classify(exchange);
    return this.add({
      time: exchange.time,
      kind,
      direction: exchange.direction,
      appId: exchange.appId,
      method: exchange.method,
      url: exchange.url,
      ...(exchange.status === undefined ? {} : { status: exchange.status }),
      durationMs: exchange.durationMs,
      ...outcomeOf(exchange, kind),
    });
  }

  /** The browser's request to the bundled server's authorization endpoint (the host never sees it). */
  recordAuthorization(request: BrowserRequest): RequestEntry {
    const ok = request.status < 400;
    const outcome = ok ? (request.status >= 300 ? 'sent to sign-in and consent' : 'ok') : `HTTP ${request.status}: the server refused the authorization request`;
    return this.add({ time: new Date(Date.now() - request.durationMs), kind: 'authorization', direction: 'browser', method: request.method, url: request.url, status: request.status, durationMs: request.durationMs, outcome, ok });
  }

  list(): readonly RequestEntry[] {
    return this.entries;
  }

  subscribe(listener: (entry: RequestEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private add(entry: Omit<RequestEntry, 'id'>): RequestEntry {
    const full = { ...entry, id: this.next++ };
    this.entries.unshift(full);
    this.entries.length = Math.min(this.entries.length, this.capacity);
    for (const listener of this.listeners) listener(full);
    return full;
  }
}

const ARROWS: Record<RequestEntry['direction'], string> = { outbound: '→', inbound: '←', browser: '⇢' };

/** One terminal line per request: `→ token      POST http://…/token 200 12 ms ok`. */
export function formatRequestLine(entry: RequestEntry): string {
  const status = entry.status === undefined ? '---' : String(entry.status);
  return `  ${ARROWS[entry.direction]} ${entry.kind.padEnd(13)} ${entry.method} ${entry.url} ${status} ${Math.round(entry.durationMs)} ms ${entry.outcome}`;
}
