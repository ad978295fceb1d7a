import type { IncomingMessage } from 'node:http';
import { RequestRejected } from './RequestRejected.ts';

/** Reads the request body, refusing (413) as soon as it passes `maxBytes`, declared or streamed. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new RequestRejected(413, 'payload_too_large', { connection: 'close' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new RequestRejected(413, 'payload_too_large', { connection: 'close' });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
