import { HostError } from '../errors.ts';

interface Entry {
  name: string;
  /** Absent: any port. */
  port?: string;
}

/** `name` or `name:port`; an IPv6 literal in brackets (`[::1]:3000`). Lower-cased, without a trailing dot. */
function split(value: string): Entry | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/.exec(value.toLowerCase());
  const name = match?.[1]?.replace(/\.$/, '');
  if (match === null || name === undefined || name === '') return undefined;
  const port = match[2] === undefined ? undefined : String(Number(match[2]));
  return port === undefined ? { name } : { name, port };
}

/**
 * The `Host` header values a server answers to. A browser sends the name it resolved, so a hostile
 * name rebound to this address (DNS rebinding) arrives with its own name and is refused; so is a
 * request with no `Host` at all. Entries are `name` (any port) or `name:port`, compared without
 * regard to case. One mechanism for the host's app endpoints, the dev console and the CLI's
 * loopback redirect listener.
 */
export class AllowedHosts {
  private readonly entries: Entry[];

  constructor(entries: Iterable<string>) {
    this.entries = [...entries].map((value) => {
      const entry = split(value);
      if (entry === undefined) throw new HostError('invalid_option', `allowedHosts: "${value}" is not a host name or host:port`);
      return entry;
    });
    if (this.entries.length === 0) throw new HostError('invalid_option', 'allowedHosts: name at least one host');
  }

  /** Whether a request's `Host` header names an allowed host. */
  allows(hostHeader: string | undefined): boolean {
    const given = hostHeader === undefined ? undefined : split(hostHeader);
    if (given === undefined) return false;
    return this.entries.some((entry) => entry.name === given.name && (entry.port === undefined || entry.port === given.port));
  }
}
