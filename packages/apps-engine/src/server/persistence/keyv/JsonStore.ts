import type Keyv from 'keyv';
import { PersistenceError } from '../../errors.ts';

/**
 * The Keyv as the bridge uses it: values go in as JSON text and come back with a plain
 * `JSON.parse`. Keyv's default serializer walks every value with a reviver (it escapes strings
 * starting with ':' and revives Buffers); handing it one string instead makes reads several
 * times cheaper, which matters on the token hot path where a read fetches three values.
 */
export class JsonStore {
  /**
   * Keyv's in-memory store (its default Map), used in place when the Keyv keeps Keyv's own text
   * format and has no default ttl (`inPlace`): what `keyv.get`, `set` and `delete` do there
   * (prefix the key; store, read or drop the envelope text; an expired entry reads as absent and
   * is dropped) without their promises, hooks and statistics.
   */
  private readonly map: Map<string, unknown> | undefined;

  constructor(
    readonly keyv: Keyv,
    inPlace = false,
  ) {
    this.map = inPlace && keyv.store instanceof Map && !keyv.opts?.compression && keyv.ttl === undefined ? (keyv.store as Map<string, unknown>) : undefined;
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (this.map) {
      const value = this.readInPlace<T>(this.map, key);
      if (value !== NOT_TEXT) {
        return value;
      }
    }
    return parse<T>(await this.keyv.get<string>(key));
  }

  /** One round trip (MGET on Redis, one query on SQLite); `undefined` for missing keys. */
  async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0) {
      return [];
    }
    const map = this.map;
    if (map) {
      const values = keys.map((key) => this.readInPlace<T>(map, key));
      if (!values.includes(NOT_TEXT)) {
        return values as Array<T | undefined>;
      }
    }
    const texts = (await this.keyv.get<string>([...keys])) as Array<string | undefined>;
    return texts.map((text) => parse<T>(text));
  }

  /** `NOT_TEXT`: an entry this Keyv did not write as text (another Keyv on the same Map): read it through Keyv. */
  private readInPlace<T>(map: Map<string, unknown>, key: string): T | undefined | typeof NOT_TEXT {
    const prefixed = this.prefixed(key);
    const raw = map.get(prefixed);
    if (raw === undefined) {
      return undefined;
    }
    if (typeof raw !== 'string') {
      return NOT_TEXT;
    }
    const envelope = this.keyv.deserialize?.(raw) as { value?: unknown; expires?: unknown } | undefined;
    if (typeof envelope?.expires === 'number' && Date.now() > envelope.expires) {
      map.delete(prefixed); // as keyv.get does with an expired entry
      return undefined;
    }
    return typeof envelope?.value === 'string' ? parse<T>(envelope.value) : undefined;
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.setText(key, JSON.stringify(value), ttlMs);
  }

  /** Stores `text`, already JSON (what `set` would store for the value it encodes). */
  async setText(key: string, text: string, ttlMs?: number): Promise<void> {
    if (this.map) {
      // What keyv.set stores in its Map: the envelope text under the prefixed key.
      this.map.set(this.prefixed(key), this.storedText(text, ttlMs));
      return;
    }
    if ((await this.keyv.set(key, text, ttlMs)) === false) {
      throw new PersistenceError('store_failed', 'The store refused a write');
    }
  }

  /** What `setText(key, text, ttlMs)` stores: Keyv's envelope around `text`, through its serializer (which must be synchronous). */
  storedText(text: string, ttlMs?: number): string {
    const stored: unknown = this.keyv.serialize?.({ value: text, expires: ttlMs === undefined ? undefined : Date.now() + ttlMs });
    if (typeof stored !== 'string') {
      throw new PersistenceError('store_failed', 'The store serializes asynchronously');
    }
    return stored;
  }

  /** The value of a stored envelope (as `get` would return it, without the expiry check). */
  fromStoredText<T>(stored: string): T | undefined {
    const envelope = this.keyv.deserialize?.(stored) as { value?: unknown } | undefined;
    return typeof envelope?.value === 'string' ? parse<T>(envelope.value) : undefined;
  }

  /**
   * The key as Keyv stores it (namespace in front). Keyv leaves a key so prefixed as it is, so a
   * write given this string stores this very string: the expiry sweeper can hold it for free.
   */
  prefixed(key: string): string {
    const namespace = this.keyv.namespace;
    if (!this.keyv.useKeyPrefix || !namespace || key.startsWith(`${namespace}:`)) {
      return key;
    }
    return `${namespace}:${key}`;
  }

  /** When the key expires: `undefined` when missing or expired (which removes it), `null` for never. */
  async expiryOf(key: string): Promise<number | null | undefined> {
    const raw = await this.keyv.getRaw(key);
    return raw === undefined ? undefined : typeof raw.expires === 'number' ? raw.expires : null;
  }

  /** Resolves whether this call removed the key: the store's own answer (a claim's arbiter). */
  delete(key: string): Promise<boolean> {
    if (this.map) {
      return Promise.resolve(this.map.delete(this.prefixed(key)));
    }
    return this.keyv.delete(key);
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    if (this.map) {
      for (const key of keys) this.map.delete(this.prefixed(key));
      return;
    }
    await this.keyv.delete([...keys]);
  }
}

const NOT_TEXT = Symbol('not text');

function parse<T>(text: string | undefined | null): T | undefined {
  return typeof text === 'string' ? (JSON.parse(text) as T) : undefined;
}
