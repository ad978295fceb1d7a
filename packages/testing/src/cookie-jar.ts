interface StoredCookie {
  value: string;
  path: string;
  expiresAt: number;
}

/**
 * Just enough of RFC 6265 for one headless pass through the devInteractions pages on a
 * single origin: name/value, Path, Expires/Max-Age (oidc-provider clears cookies by
 * expiring them). Domain, Secure and SameSite are irrelevant on one loopback origin.
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) this.#storeOne(header);
  }

  #storeOne(header: string): void {
    const [pair = '', ...attributes] = header.split(';');
    const separator = pair.indexOf('=');
    if (separator <= 0) return;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    let path = '/';
    let expiresAt = Infinity;
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const attributeValue = rest.join('=').trim();
      switch (key.trim().toLowerCase()) {
        case 'path':
          if (attributeValue.startsWith('/')) path = attributeValue;
          break;
        case 'max-age':
          expiresAt = Date.now() + Number(attributeValue) * 1000;
          break;
        case 'expires':
          if (expiresAt === Infinity) expiresAt = Date.parse(attributeValue);
          break;
        default:
          break;
      }
    }
    const key = `${path}\n${name}`;
    if (!(expiresAt > Date.now())) this.#cookies.delete(key);
    else this.#cookies.set(key, { value, path, expiresAt });
  }

  /** The Cookie header for a request to `url`, or undefined when no cookie applies. */
  headerFor(url: URL): string | undefined {
    const now = Date.now();
    const pairs: string[] = [];
    for (const [key, cookie] of this.#cookies) {
      if (cookie.expiresAt <= now) continue;
      const { path } = cookie;
      const matches = url.pathname === path
        || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`);
      if (matches) pairs.push(`${key.slice(key.indexOf('\n') + 1)}=${cookie.value}`);
    }
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }
}
