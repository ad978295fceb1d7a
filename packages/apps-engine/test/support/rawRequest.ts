import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain `node:http` request (for chunked bodies and headers fetch would normalise). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string | string[]>; chunks?: Array<string | Buffer> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (chunk: Buffer) => parts.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    for (const chunk of options.chunks ?? []) {
      outgoing.write(chunk);
    }
    outgoing.end();
  });
}
