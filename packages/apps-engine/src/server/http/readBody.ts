import type { IncomingMessage } from 'node:http';
import { RequestRejected } from './RequestRejected.ts';

const EMPTY = Buffer.alloc(0);

/** Reads the request body, refusing (413) as soon as it passes `maxBytes`, declared or streamed. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const length = request.headers['content-length'];
  if (length === undefined && request.headers['transfer-encoding'] === undefined) {
    return EMPTY; // no body (RFC 9112 §6.3): skip the stream machinery, the common GET case
  }
  const declared = Number(length);
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
