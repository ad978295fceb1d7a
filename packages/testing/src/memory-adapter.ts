import type { AdapterPayload, OidcAdapter } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; Infinity when the model gave no lifetime (clients). */
  expiresAt: number;
  indexes: string[];
}

/**
 * One store per server. oidc-provider's own memory adapter keeps a module-wide LRU of
 * 1000 entries: two servers in one process would share it, and a refresh storm could
 * evict live tokens mid-test. This store is private to its server and never evicts
 * anything that has not expired.
 */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();
  /** grantId -> keys of the tokens issued under it, for revokeByGrantId. */
  readonly #grants = new Map<string, Set<string>>();
  /** Secondary indexes: `uid:<uid>` and `userCode:<code>` -> primary key. */
  readonly #indexes = new Map<string, string>();
  #writesSinceSweep = 0;

  get(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  /** `indexes` are secondary keys (e.g. `uid:<uid>`) that `lookup` resolves to this entry. */
  set(key: string, payload: AdapterPayload, expiresInSeconds: number | undefined, indexes: string[]): void {
    if (++this.#writesSinceSweep >= 1000) this.sweep();
    const expiresAt = expiresInSeconds === undefined ? Infinity : Date.now() + expiresInSeconds * 1000;
    this.delete(key);
    this.#entries.set(key, { payload, expiresAt, indexes });
    if (payload.grantId !== undefined) {
      let members = this.#grants.get(payload.grantId);
      if (members === undefined) this.#grants.set(payload.grantId, (members = new Set()));
      members.add(key);
    }
    for (const index of indexes) this.#indexes.set(index, key);
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    const { grantId } = entry.payload;
    if (grantId !== undefined) this.#grants.get(grantId)?.delete(key);
    for (const index of entry.indexes) if (this.#indexes.get(index) === key) this.#indexes.delete(index);
  }

  lookup(index: string): AdapterPayload | undefined {
    const key = this.#indexes.get(index);
    return key === undefined ? undefined : this.get(key);
  }

  deleteGrant(grantId: string): void {
    for (const key of this.#grants.get(grantId) ?? []) this.delete(key);
    this.#grants.delete(grantId);
  }

  /** Drops expired entries so a long-running demo does not grow without bound. */
  sweep(): void {
    this.#writesSinceSweep = 0;
    const now = Date.now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.delete(key);
  }
}

const EXPIRED_DEVICE_CODE_GRACE_SECONDS = 600;

/** The adapter oidc-provider instantiates once per model (Session, AccessToken, Client, ...). */
export class MemoryAdapter implements OidcAdapter {
  readonly #model: string;
  readonly #store: MemoryStore;

  constructor(model: string, store: MemoryStore) {
    this.#model = model;
    this.#store = store;
  }

  #key(id: string): string {
    return `${this.#model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    // Only sessions are looked up by uid (interactions carry their session's uid too).
    const indexes: string[] = [];
    if (this.#model === 'Session' && typeof payload.uid === 'string') indexes.push(`uid:${payload.uid}`);
    if (typeof payload.userCode === 'string') indexes.push(`userCode:${payload.userCode}`);
    // An expired device code is kept a while, so that a late poll hears expired_token (RFC 8628
    // §3.5) rather than invalid_grant, and the code page says "expired" rather than "not found".
    const keep = this.#model === 'DeviceCode' && expiresIn !== undefined ? expiresIn + EXPIRED_DEVICE_CODE_GRACE_SECONDS : expiresIn;
    this.#store.set(this.#key(id), payload, keep, indexes);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.#store.get(this.#key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#store.lookup(`uid:${uid}`);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#store.lookup(`userCode:${userCode}`);
  }

  async consume(id: string): Promise<void> {
    const payload = this.#store.get(this.#key(id));
    // Seconds, like oidc-provider's own adapters; a consumed refresh token presented
    // again makes the provider revoke the whole grant (RFC 9700 §4.14.2).
    if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.#store.delete(this.#key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.#store.deleteGrant(grantId);
  }
}

export function memoryAdapterFactory(store: MemoryStore): (model: string) => MemoryAdapter {
  return (model) => new MemoryAdapter(model, store);
}
