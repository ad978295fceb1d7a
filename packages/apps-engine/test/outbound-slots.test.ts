import { describe, expect, test } from 'vitest';
import { RequestAbort } from '../src/server/outbound/RequestAbort.ts';
import { RequestSlots } from '../src/server/outbound/RequestSlots.ts';

// The bound on an app host's outbound requests in flight over all origins (the host's IHttp takes a
// slot per request and gives it back when the request settles).

describe('RequestSlots', () => {
  test('slots are taken at once while free; then callers wait and are served in arrival order', async () => {
    const slots = new RequestSlots(2);
    const signal = new AbortController().signal;
    expect(slots.take(signal)).toBe(true);
    expect(slots.take(signal)).toBe(true);
    const served: number[] = [];
    const first = (slots.take(signal) as Promise<void>).then(() => served.push(1));
    const second = (slots.take(signal) as Promise<void>).then(() => served.push(2));
    await Promise.resolve();
    expect(served).toEqual([]);
    slots.give();
    await first;
    expect(served).toEqual([1]);
    slots.give();
    await second;
    expect(served).toEqual([1, 2]);
    // Both slots are held again: one given back returns to the pool.
    slots.give();
    expect(slots.take(signal)).toBe(true);
  });

  test('an aborted waiter leaves the queue with the signal reason; the slot goes to the next', async () => {
    const slots = new RequestSlots(1);
    expect(slots.take(new AbortController().signal)).toBe(true);
    const leaving = new AbortController();
    const left = (slots.take(leaving.signal) as Promise<void>).then(
      () => 'served',
      (reason: unknown) => reason,
    );
    const staying = slots.take(new AbortController().signal) as Promise<void>;
    leaving.abort(new Error('deadline'));
    expect(await left).toEqual(new Error('deadline'));
    slots.give();
    await staying;
  });

  test('a signal already aborted is refused at once when no slot is free', async () => {
    const slots = new RequestSlots(0);
    await expect(slots.take(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });

  test("the host's own request switch (RequestAbort) works as a signal: a waiter leaves with its reason, once", async () => {
    const slots = new RequestSlots(1);
    expect(slots.take(new RequestAbort())).toBe(true);
    const leaving = new RequestAbort();
    const left = (slots.take(leaving) as Promise<void>).then(() => 'served', (reason: unknown) => reason);
    const staying = new RequestAbort();
    const stays = slots.take(staying) as Promise<void>;
    leaving.abort(new Error('deadline'));
    leaving.abort(new Error('again')); // a second abort changes nothing
    expect(await left).toEqual(new Error('deadline'));
    expect(leaving.listenerCount('abort')).toBe(0);
    slots.give();
    await stays;
    expect(staying.listenerCount('abort')).toBe(0); // served: no listener left behind
    const aborted = new RequestAbort();
    aborted.abort();
    await expect(new RequestSlots(0).take(aborted)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
