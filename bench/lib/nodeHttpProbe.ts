import { Agent, request } from 'node:http';
import { RequestMethod, type IHttp, type IHttpResponse, type PlugboardHttpRequest } from '@plugboard/apps-engine';

/**
 * A probe, not a product: an IHttp `post` on bare `node:http` (keep-alive agent, a deadline, a size
 * cap, no redirects followed: the rules the callback relies on), installed over an app's IHttp
 * (undici) for some rounds of a benchmark to measure what the HTTP client costs inside a whole
 * callback, next to the least node offers. (It measured axios at 1.37 ms of busy time per POST
 * against 0.54 ms for this probe, which is why the host's IHttp moved to undici.)
 */
export function useNodeHttpPost(http: IHttp): { restore(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  (http as { post: IHttp['post'] }).post = (url, options = {}) => post(agent, url, options);
  return {
    restore() {
      delete (http as { post?: IHttp['post'] }).post; // the prototype's method again
      agent.destroy();
    },
  };
}

function post(agent: Agent, url: string, options: PlugboardHttpRequest): Promise<IHttpResponse> {
  const body = options.content ?? '';
  const cap = options.maxResponseBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent, headers: { ...options.headers, 'content-length': Buffer.byteLength(body) } }, (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > cap) outgoing.destroy(new Error('too large'));
        else chunks.push(chunk);
      });
      incoming.on('end', () => {
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ url, method: RequestMethod.POST, statusCode: incoming.statusCode ?? 0, headers, content: Buffer.concat(chunks).toString('utf8') });
      });
    });
    const timer = setTimeout(() => outgoing.destroy(new Error('timeout')), options.timeout ?? 10_000);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end(body);
  });
}
