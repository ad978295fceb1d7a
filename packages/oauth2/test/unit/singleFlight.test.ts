import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/refresh/singleFlight.ts';

describe('SingleFlight', () => {
  it('shares one run among concurrent callers of a key and starts anew afterwards', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    const op = async (): Promise<number> => { runs++; await new Promise((r) => setTimeout(r, 10)); return runs; };
    const results = await Promise.all(Array.from({ length: 25 }, () => flights.run('u1', op)));
    expect(new Set(results)).toEqual(new Set([1]));
    expect(await flights.run('u1', op)).toBe(2);
    expect(await flights.run('u2', op)).toBe(3);
  });

  it('shares failures too, then forgets them', async () => {
    const flights = new SingleFlight<number>();
    const failing = Promise.all([1, 2].map(() => flights.run('k', async () => { throw new Error('boom'); })));
    await expect(failing).rejects.toThrow('boom');
    expect(await flights.run('k', async () => 7)).toBe(7);
  });
});
