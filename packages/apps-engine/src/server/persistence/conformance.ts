/**
 * The persistence bridge conformance suite (`@plugboard/apps-engine/testing`). Run it against any
 * `IPersistenceBridge` from your test runner; it imports no runner itself:
 *
 *   import { describe, test } from 'vitest';
 *   import { runPersistenceConformance } from '@plugboard/apps-engine/testing';
 *   describe('my bridge', () => runPersistenceConformance(test, { create: async () => ({ bridge: new MyBridge() }) }));
 *
 * Each check gets a fresh store from `factory.create()` and closes it at the end. Assertions use
 * `node:assert/strict`, so failures read the same under vitest, jest or `node:test`.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Association, IPersistenceBridge } from './IPersistenceBridge.ts';

/** `test` of vitest / jest / node:test: a name, an async body, an optional timeout in ms. */
export type ConformanceTest = (name: string, body: () => Promise<void>, timeoutMs?: number) => unknown;

export interface BridgeUnderTest {
  bridge: IPersistenceBridge;
  /** Durable stores: close this bridge and open the same store again (a host restart). */
  restart?(): Promise<IPersistenceBridge>;
  /** Shared stores: another bridge on the same store, as a second host would hold it. */
  peer?(): Promise<IPersistenceBridge>;
  /** Frees the store (and the peer's). */
  close?(): Promise<void>;
}

export interface BridgeFactory {
  /** A bridge over a fresh, empty store (a new temp file, a new key namespace). */
  create(): Promise<BridgeUnderTest> | BridgeUnderTest;
}

export interface ConformanceOptions {
  /** Run the restart-survival check (needs `restart`). */
  durable?: boolean;
  /** Run the two-host checks (needs `peer`). */
  shared?: boolean;
  /** Concurrent writers in the bulk check. Default 1 000. */
  writers?: number;
  /** Per-check timeout handed to `test`. Default 60 000 ms. */
  timeoutMs?: number;
}

const user = (id: string): Association => ({ model: 'user', id });
const misc = (id: string): Association => ({ model: 'misc', id });

export function runPersistenceConformance(test: ConformanceTest, factory: BridgeFactory, options: ConformanceOptions = {}): void {
  const timeout = options.timeoutMs ?? 60_000;
  const check = (name: string, body: (store: BridgeUnderTest) => Promise<void>): void => {
    test(
      `persistence conformance: ${name}`,
      async () => {
        const store = await factory.create();
        try {
          await body(store);
        } finally {
          await store.close?.();
        }
      },
      timeout,
    );
  };
  const peerOf = async (store: BridgeUnderTest): Promise<IPersistenceBridge> => {
    assert.ok(store.peer, 'options.shared needs factory results with peer()');
    return store.peer();
  };

  check('create, read, update, remove', async ({ bridge }) => {
    const data = { name: 'Ada', nested: { list: [1, 'two', null], flag: true }, text: 'héllo ✓' };
    const id = await bridge.create('app', data, []);
    assert.equal(typeof id, 'string');
    assert.deepEqual(await bridge.read('app', id), data);
    assert.equal(await bridge.update('app', id, { name: 'Grace' }, false), id);
    assert.deepEqual(await bridge.read('app', id), { name: 'Grace' });
    assert.deepEqual(await bridge.remove('app', id), { name: 'Grace' });
    assert.equal(await bridge.read('app', id), undefined);
    assert.equal(await bridge.remove('app', id), undefined);
  });

  check('stored records are copies', async ({ bridge }) => {
    const data = { list: [1] };
    const id = await bridge.create('app', data, [misc('copy')]);
    data.list.push(2);
    const first = (await bridge.read('app', id)) as { list: number[] };
    first.list.push(3);
    assert.deepEqual(await bridge.read('app', id), { list: [1] });
    assert.deepEqual(await bridge.readByAssociations('app', [misc('copy')]), [{ list: [1] }]);
  });

  check('update of a missing id: not_found without upsert, created with it', async ({ bridge }) => {
    await assert.rejects(bridge.update('app', 'missing', { a: 1 }, false), { code: 'not_found' });
    assert.equal(await bridge.read('app', 'missing'), undefined);
    assert.equal(await bridge.update('app', 'chosen-id', { a: 2 }, true), 'chosen-id');
    assert.deepEqual(await bridge.read('app', 'chosen-id'), { a: 2 });
  });

  check('a record written with ttlMs expires: absent to reads and claims', async ({ bridge }) => {
    const written = Date.now();
    await bridge.update('app', 'short', { v: 1 }, true, { ttlMs: 1_000 });
    await bridge.update('app', 'kept', { v: 2 }, true, { ttlMs: 1_000 });
    await bridge.update('app', 'kept', { v: 3 }, false); // a write without ttlMs keeps it for good
    const early = await bridge.read('app', 'short');
    // On a machine too loaded to read within the TTL, only the expiry below can be checked.
    if (Date.now() - written < 800) assert.deepEqual(early, { v: 1 });
    await sleep(Math.max(0, written + 1_300 - Date.now()));
    assert.equal(await bridge.read('app', 'short'), undefined);
    assert.equal(await bridge.remove('app', 'short'), undefined);
    await assert.rejects(bridge.update('app', 'short', { v: 4 }, false), { code: 'not_found' });
    assert.deepEqual(await bridge.read('app', 'kept'), { v: 3 });
    await assert.rejects(bridge.update('app', 'bad-ttl', { v: 5 }, true, { ttlMs: -1 }), { code: 'invalid_argument' });
  });

  check('association reads are match-all', async ({ bridge }) => {
    await bridge.create('app', { r: 'A' }, [user('u1'), misc('x')]);
    await bridge.create('app', { r: 'B' }, [user('u1')]);
    await bridge.create('app', { r: 'C' }, [user('u2'), misc('x')]);
    const names = async (associations: Association[]): Promise<string[]> =>
      ((await bridge.readByAssociations('app', associations)) as Array<{ r: string }>).map((record) => record.r).sort();
    assert.deepEqual(await names([user('u1')]), ['A', 'B']);
    assert.deepEqual(await names([user('u1'), misc('x')]), ['A']);
    assert.deepEqual(await names([misc('x'), user('u1')]), ['A']);
    assert.deepEqual(await names([misc('x')]), ['A', 'C']);
    assert.deepEqual(await names([user('u1'), user('u2')]), []);
    assert.deepEqual(await names([user('u3')]), []);
    assert.deepEqual(await names([{ model: 'room', id: 'u1' }]), [], 'the model is part of the association');
    await assert.rejects(bridge.readByAssociations('app', []), { code: 'invalid_argument' });
  });

  check('updateByAssociations replaces every match and keeps associations; upsert creates one record', async ({ bridge }) => {
    await bridge.create('app', { v: 1 }, [user('u1'), misc('tag')]);
    await bridge.create('app', { v: 2 }, [user('u2'), misc('tag')]);
    await bridge.updateByAssociations('app', [misc('tag')], { v: 3 }, false);
    assert.deepEqual(await bridge.readByAssociations('app', [misc('tag')]), [{ v: 3 }, { v: 3 }]);
    assert.deepEqual(await bridge.readByAssociations('app', [user('u1')]), [{ v: 3 }]);
    await assert.rejects(bridge.updateByAssociations('app', [user('u9')], { v: 4 }, false), { code: 'not_found' });
    const created = await bridge.updateByAssociations('app', [user('u9'), misc('conn')], { v: 5 }, true);
    assert.deepEqual(await bridge.read('app', created), { v: 5 });
    assert.equal(await bridge.updateByAssociations('app', [misc('conn'), user('u9')], { v: 6 }, true), created);
    assert.deepEqual(await bridge.readByAssociations('app', [user('u9')]), [{ v: 6 }]);
    assert.deepEqual(await bridge.readByAssociations('app', [misc('conn')]), [{ v: 6 }]);
  });

  check('a record upserted while the previous one is being removed stays findable by its associations', async ({ bridge }) => {
    const set = [user('u1'), misc('conn')];
    for (let round = 0; round < 20; round += 1) {
      await bridge.updateByAssociations('app', set, { round, phase: 'before' }, true);
      const [, id] = await Promise.all([bridge.removeByAssociations('app', set), bridge.updateByAssociations('app', set, { round, phase: 'after' }, true)]);
      const direct = await bridge.read('app', id);
      const found = await bridge.readByAssociations('app', set);
      assert.deepEqual(found, direct === undefined ? [] : [direct], `round ${round}`);
      await bridge.removeByAssociations('app', set);
    }
  });

  check('removeByAssociations removes the matches only and returns them', async ({ bridge }) => {
    const keep = await bridge.create('app', { r: 'keep' }, [user('u1')]);
    const gone = await bridge.create('app', { r: 'gone' }, [user('u1'), misc('state:abc')]);
    assert.deepEqual(await bridge.removeByAssociations('app', [misc('state:abc'), user('u1')]), [{ r: 'gone' }]);
    assert.equal(await bridge.read('app', gone), undefined);
    assert.deepEqual(await bridge.readByAssociations('app', [misc('state:abc')]), []);
    assert.deepEqual(await bridge.read('app', keep), { r: 'keep' });
    assert.deepEqual(await bridge.removeByAssociations('app', [misc('state:abc')]), []);
  });

  check('apps are isolated', async ({ bridge }) => {
    const id = await bridge.create('app-a', { secret: 'a' }, [user('u1')]);
    assert.equal(await bridge.read('app-b', id), undefined);
    assert.deepEqual(await bridge.readByAssociations('app-b', [user('u1')]), []);
    await assert.rejects(bridge.update('app-b', id, { secret: 'b' }, false), { code: 'not_found' });
    await assert.rejects(bridge.updateByAssociations('app-b', [user('u1')], { secret: 'b' }, false), { code: 'not_found' });
    assert.equal(await bridge.remove('app-b', id), undefined);
    assert.deepEqual(await bridge.removeByAssociations('app-b', [user('u1')]), []);
    assert.deepEqual(await bridge.read('app-a', id), { secret: 'a' });
    assert.deepEqual(await bridge.readByAssociations('app-a', [user('u1')]), [{ secret: 'a' }]);
  });

  check('concurrent removes of one record: exactly one caller receives it', async ({ bridge }) => {
    for (let round = 0; round < 5; round += 1) {
      const id = await bridge.create('app', { round }, [misc(`state-${round}`)]);
      const byId = await Promise.all(Array.from({ length: 10 }, () => bridge.remove('app', id)));
      assert.equal(byId.filter((result) => result !== undefined).length, 1);
      await bridge.create('app', { round }, [misc(`claim-${round}`), user('u1')]);
      const byAssociation = await Promise.all(Array.from({ length: 10 }, () => bridge.removeByAssociations('app', [misc(`claim-${round}`)])));
      assert.equal(byAssociation.flat().length, 1);
    }
  });

  check(`${options.writers ?? 1000} concurrent writers on distinct records: all present`, async ({ bridge }) => {
    const writers = options.writers ?? 1000;
    const ids = await Promise.all(Array.from({ length: writers }, (_, n) => bridge.create('app', { n }, [user(`w${n}`), misc('bulk')])));
    assert.equal(new Set(ids).size, writers);
    const all = (await bridge.readByAssociations('app', [misc('bulk')])) as Array<{ n: number }>;
    assert.equal(all.length, writers);
    assert.deepEqual(new Set(all.map((record) => record.n)).size, writers);
    for (const n of [0, Math.floor(writers / 2), writers - 1]) {
      assert.deepEqual(await bridge.readByAssociations('app', [user(`w${n}`), misc('bulk')]), [{ n }]);
      assert.deepEqual(await bridge.readByAssociations('app', [misc('bulk'), user(`w${n}`)]), [{ n }], 'order does not matter');
    }
    assert.deepEqual(await bridge.readByAssociations('app', [misc('bulk'), user('nobody')]), []);
  });

  check('concurrent upserts on one association set leave exactly one record', async ({ bridge }) => {
    const set = [user('u1'), misc('google-oauth-connection')];
    await Promise.all(Array.from({ length: 50 }, (_, n) => bridge.updateByAssociations('app', set, { n }, true)));
    assert.equal((await bridge.readByAssociations('app', set)).length, 1);
  });

  if (options.durable) {
    check('records survive a restart', async (store) => {
      assert.ok(store.restart, 'options.durable needs factory results with restart()');
      const id = await store.bridge.create('app', { kept: true }, [user('u1'), misc('durable')]);
      const reopened = await store.restart();
      assert.deepEqual(await reopened.read('app', id), { kept: true });
      assert.deepEqual(await reopened.readByAssociations('app', [misc('durable'), user('u1')]), [{ kept: true }]);
      assert.deepEqual(await reopened.removeByAssociations('app', [misc('durable')]), [{ kept: true }]);
    });
  }

  if (options.shared) {
    check('two hosts: each sees the other’s writes', async (store) => {
      const other = await peerOf(store);
      const id = await store.bridge.create('app', { from: 'first' }, [user('u1')]);
      assert.deepEqual(await other.read('app', id), { from: 'first' });
      await other.update('app', id, { from: 'second' }, false);
      assert.deepEqual(await store.bridge.readByAssociations('app', [user('u1')]), [{ from: 'second' }]);
    });

    check('two hosts racing to remove one record: exactly one receives it', async (store) => {
      const other = await peerOf(store);
      for (let round = 0; round < 5; round += 1) {
        await store.bridge.create('app', { round }, [misc(`state-${round}`)]);
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, n) => (n % 2 ? other : store.bridge).removeByAssociations('app', [misc(`state-${round}`)])),
        );
        assert.equal(results.flat().length, 1);
      }
    });

    check('two hosts racing to remove one record by its id (no associations, as an OAuth state): exactly one receives it', async (store) => {
      const other = await peerOf(store);
      for (let round = 0; round < 5; round += 1) {
        await store.bridge.update('app', `state-${round}`, { round }, true, { ttlMs: 60_000 });
        const results = await Promise.all(Array.from({ length: 10 }, (_, n) => (n % 2 ? other : store.bridge).remove('app', `state-${round}`)));
        assert.deepEqual(results.filter((data) => data !== undefined), [{ round }]);
        assert.equal(await other.read('app', `state-${round}`), undefined);
      }
    });

    check('two hosts upserting one association set leave exactly one record', async (store) => {
      const other = await peerOf(store);
      const set = [user('u1'), misc('conn')];
      await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? other : store.bridge).updateByAssociations('app', set, { n }, true)));
      assert.equal((await store.bridge.readByAssociations('app', set)).length, 1);
      assert.equal((await other.readByAssociations('app', set)).length, 1);
    });

    check('two hosts writing concurrently: every record is indexed', async (store) => {
      const other = await peerOf(store);
      const writers = Math.min(options.writers ?? 1000, 400);
      await Promise.all(Array.from({ length: writers }, (_, n) => (n % 2 ? other : store.bridge).create('app', { n }, [misc('bulk')])));
      assert.equal((await store.bridge.readByAssociations('app', [misc('bulk')])).length, writers);
    });
  }

  check('locks: one holder at a time, token-checked release, expiry', async ({ bridge }) => {
    const locks = bridge.locks;
    if (!locks) {
      return; // optional capability: the host falls back to in-process locks
    }
    const token = await locks.acquire('app', 'k', 10_000);
    assert.equal(typeof token, 'string');
    assert.equal(await locks.acquire('app', 'k', 10_000), undefined, 'a held lock is not granted twice');
    assert.equal(typeof (await locks.acquire('other-app', 'k', 10_000)), 'string', 'locks are per app');
    assert.equal(await locks.release('app', 'k', 'not-the-token'), false);
    assert.equal(await locks.acquire('app', 'k', 10_000), undefined, 'a wrong token releases nothing');
    assert.equal(await locks.release('app', 'k', token as string), true);
    const expiring = await locks.acquire('app', 'k', 150);
    assert.equal(typeof expiring, 'string');
    await sleep(400);
    const next = await locks.acquire('app', 'k', 10_000);
    assert.equal(typeof next, 'string', "a crashed holder's lock expires after its ttl");
    assert.equal(await locks.release('app', 'k', expiring as string), false, 'an expired holder cannot release the new holder');
    assert.equal(await locks.acquire('app', 'k', 10_000), undefined);
  });

  check('locks: extend (optional) renews the holder\'s lock only, and not one that lapsed', async ({ bridge }) => {
    const locks = bridge.locks;
    if (!locks?.extend) {
      return; // optional: holders then take a ttl long enough for their work
    }
    const token = (await locks.acquire('app', 'renewed', 300)) as string;
    assert.equal(await locks.extend('app', 'renewed', 'not-the-token', 10_000), false);
    assert.equal(await locks.extend('app', 'renewed', token, 10_000), true);
    await sleep(600);
    assert.equal(await locks.acquire('app', 'renewed', 10_000), undefined, 'a renewed lock outlives its first ttl');
    assert.equal(await locks.release('app', 'renewed', token), true);
    const lapsing = (await locks.acquire('app', 'renewed', 150)) as string;
    await sleep(400);
    assert.equal(await locks.extend('app', 'renewed', lapsing, 10_000), false, 'a lapsed lock is not renewed');
  });

  check('locks: isHeld (optional) is true for the holder only, until release or expiry', async ({ bridge }) => {
    const locks = bridge.locks;
    if (!locks?.isHeld) {
      return; // optional: the host then answers from its own clock
    }
    const token = (await locks.acquire('app', 'held', 10_000)) as string;
    assert.equal(await locks.isHeld('app', 'held', token), true);
    assert.equal(await locks.isHeld('app', 'held', 'not-the-token'), false);
    assert.equal(await locks.isHeld('other-app', 'held', token), false, 'locks are per app');
    await locks.release('app', 'held', token);
    assert.equal(await locks.isHeld('app', 'held', token), false, 'released');
    const lapsing = (await locks.acquire('app', 'held', 150)) as string;
    await sleep(400);
    assert.equal(await locks.isHeld('app', 'held', lapsing), false, 'a lapsed lease is not held, even when nobody took the lock');
    const next = (await locks.acquire('app', 'held', 10_000)) as string;
    assert.equal(await locks.isHeld('app', 'held', lapsing), false);
    assert.equal(await locks.isHeld('app', 'held', next), true);
  });

  check('locks: mutual exclusion under contention', async (store) => {
    const locks = store.bridge.locks;
    if (!locks) {
      return;
    }
    const holders = options.shared ? [store.bridge, await peerOf(store)] : [store.bridge];
    let inside = 0;
    let most = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, n) => {
        const lockBridge = (holders[n % holders.length] as IPersistenceBridge).locks as NonNullable<IPersistenceBridge['locks']>;
        for (;;) {
          const token = await lockBridge.acquire('app', 'counter', 10_000);
          if (token) {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(2);
            inside -= 1;
            done += 1;
            await lockBridge.release('app', 'counter', token);
            return;
          }
          await sleep(1 + Math.random() * 4);
        }
      }),
    );
    assert.equal(done, 20);
    assert.equal(most, 1);
  });
}
