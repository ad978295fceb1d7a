import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { expect, it } from 'vitest';
import { startAuthorizationServer } from '../src/index.ts';

const TLS_DIR = new URL('../../apps-engine/test/support/tls/', import.meta.url);

it('serves HTTPS with the given key and certificate; the issuer and endpoints are https URLs', async () => {
  const as = await startAuthorizationServer({ tls: { key: readFileSync(new URL('server.key', TLS_DIR)), cert: readFileSync(new URL('server.pem', TLS_DIR)) } });
  try {
    expect(as.issuer).toBe(`https://127.0.0.1:${as.port}`);
    const ca = readFileSync(new URL('ca.pem', TLS_DIR));
    const metadata = await new Promise<Record<string, unknown>>((resolve, reject) => {
      get(as.discoveryUrl, { ca }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>));
      }).on('error', reject);
    });
    expect(metadata.issuer).toBe(as.issuer);
    expect(metadata.token_endpoint).toBe(as.endpoints.token);
    expect(as.endpoints.token.startsWith('https://')).toBe(true);
  } finally {
    await as.close();
  }
});
