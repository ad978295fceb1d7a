import type { IncomingMessage, ServerResponse } from 'node:http';

/** What changed, so a page knows its regions are stale (the page then asks for them again). */
export type LiveTopic = 'chat' | 'views' | 'connections' | 'requests' | 'settings' | 'activity' | 'app';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events to every open console page. Events name a topic and carry no data: a page
 * that hears one fetches its regions from the same origin, so nothing crosses to other origins
 * (EventSource follows CORS, and the console sends no CORS headers).
 */
export class LiveHub {
  private readonly streams = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // Comments keep idle connections (and proxies between) from timing out; unref'd: never holds the process.
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Serves `GET /events`: the response stays open until the page goes away. */
  open(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    // A reconnecting page waits 1 s; the first line tells it it is live.
    response.write('retry: 1000\n\n: live\n\n');
    this.streams.add(response);
    const forget = () => this.streams.delete(response);
    request.once('close', forget);
    response.once('close', forget);
  }

  publish(topic: LiveTopic): void {
    this.write(`event: change\ndata: ${topic}\n\n`);
  }

  get size(): number {
    return this.streams.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  private write(text: string): void {
    for (const stream of this.streams) stream.write(text);
  }
}
