import fc from 'fast-check';
import { chunked, forEachLimit } from './batches';

describe('chunked', () => {
  it('splits into consecutive chunks of at most `size` that put the items back together in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 50 }), (items, size) => {
        const chunks = chunked(items, size);
        expect(chunks.flat()).toEqual(items);
        expect(chunks.every((c) => c.length >= 1 && c.length <= size)).toBe(true);
        expect(chunks.length).toBe(Math.ceil(items.length / size));
      }),
    );
  });
});

describe('forEachLimit', () => {
  it('runs every item once, never more than `limit` at a time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (delays, limit) => {
        let running = 0;
        let most = 0;
        const seen: number[] = [];
        await forEachLimit([...delays.keys()], limit, async (i) => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, delays[i]));
          seen.push(i);
          running--;
        });
        expect(seen.sort((a, b) => a - b)).toEqual([...delays.keys()]);
        expect(most).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 30 },
    );
  });

  it('finishes the others and then rejects with the first failure', async () => {
    const done: number[] = [];
    await expect(
      forEachLimit([1, 2, 3, 4], 2, async (i) => {
        if (i === 2) throw new Error('two failed');
        done.push(i);
      }),
    ).rejects.toThrow('two failed');
    expect(done.sort()).toEqual([1, 3, 4]);
  });
});
