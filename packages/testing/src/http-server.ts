// node:http plumbing: bind, close, and hand requests to oidc-provider under the issuer path.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from 'oidc-provider';

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets from fetch would otherwise hold close() open.
    server.closeAllConnections();
  });
}

export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Serves the provider under the issuer's path, if it has one: oidc-provider builds its
 * URLs from the issuer but routes on paths relative to where it is mounted.
 */
export function mounted(provider: Provider, mountPath: string) {
  const handle = provider.callback();
  return (req: IncomingMessage, res: ServerResponse) => {
    if (mountPath !== '') {
      const url = req.url ?? '/';
      if (url !== mountPath && !url.startsWith(`${mountPath}/`) && !url.startsWith(`${mountPath}?`)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      // oidc-provider derives its own URLs' mount path from originalUrl, as under Express.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
      req.url = url.slice(mountPath.length) || '/';
    }
    handle(req, res);
  };
}
