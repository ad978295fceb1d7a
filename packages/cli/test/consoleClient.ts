import type { DevHost } from '../src/index.ts';

/** Talks to the dev console as its page does: reads the token, posts forms, reads regions and live events. */
export class ConsoleClient {
  constructor(private readonly dev: DevHost) {}

  async page(query: Record<string, string> = { user: 'alice' }): Promise<{ status: number; headers: Headers; html: string }> {
    const response = await fetch(`${this.dev.url}/?${new URLSearchParams(query)}`);
    return { status: response.status, headers: response.headers, html: await response.text() };
  }

  async csrf(): Promise<string> {
    return /data-csrf="([^"]+)"/.exec((await this.page()).html)?.[1] ?? '';
  }

  /** Posts a form as the page's script does (204), or as a plain form (`script: false`: 303 back). */
  async post(path: string, fields: Record<string, string>, options: { script?: boolean; headers?: Record<string, string>; csrf?: string } = {}): Promise<Response> {
    const csrf = options.csrf ?? (await this.csrf());
    return fetch(`${this.dev.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.dev.url,
        ...(options.script === false ? {} : { 'x-plugboard-console': '1' }),
        ...options.headers,
      },
      body: new URLSearchParams({ csrf, user: 'alice', ...fields }),
      redirect: 'manual',
    });
  }

  async regions(user = 'alice', room = ''): Promise<{ room: string; regions: Record<string, { html: string; version: string }> }> {
    const response = await fetch(`${this.dev.url}/regions?${new URLSearchParams({ user, room })}`);
    if (!response.ok) throw new Error(`regions: HTTP ${response.status}`);
    return (await response.json()) as { room: string; regions: Record<string, { html: string; version: string }> };
  }

  async region(name: string, user = 'alice', room = ''): Promise<string> {
    return (await this.regions(user, room)).regions[name]?.html ?? '';
  }

  /** Opens `/events` and collects the topics it announces. */
  async events(): Promise<LiveEvents> {
    const controller = new AbortController();
    const response = await fetch(`${this.dev.url}/events`, { signal: controller.signal });
    const topics: string[] = [];
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
            const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
            if (data !== undefined) topics.push(data);
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // aborted
      }
    })();
    return { response, topics, close: () => controller.abort() };
  }
}

export interface LiveEvents {
  response: Response;
  topics: string[];
  close(): void;
}
