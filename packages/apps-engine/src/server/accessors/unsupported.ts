import { HostError } from '../errors.ts';

/**
 * An accessor this host does not provide (livechat, uploads, video conferences, ...). Getting it
 * works, so an app that only holds it keeps running; calling any of its methods rejects with a
 * `HostError('not_supported')` naming the call, e.g. `read.getLivechatReader().getRoomById()`.
 */
export function unsupported<T extends object>(path: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (typeof property !== 'string' || property === 'then') {
        return undefined; // not a thenable; symbols (inspection) see nothing
      }
      return () => Promise.reject(notSupported(`${path}.${property}()`));
    },
  });
}

export function notSupported(call: string): HostError {
  return new HostError('not_supported', `${call} is not supported by this host (Plugboard)`);
}
