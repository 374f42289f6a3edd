import { describe, expect, it } from 'vitest';
import { CounterBatch, type CountedBucket, type CounterBucket } from './counter-batch';

const view = (article: string): CounterBucket => ({
  day: '2026-12-01',
  kind: 'view',
  articleDocumentId: article,
  groupDocumentId: '',
  variant: '',
  network: '',
  poolDocumentId: '',
});

function batch(options: { maxBuckets?: number; fail?: () => boolean } = {}) {
  const writes: CountedBucket[][] = [];
  const errors: unknown[] = [];
  const counters = new CounterBatch({
    maxBuckets: options.maxBuckets ?? 100,
    write: async (buckets) => {
      if (options.fail?.()) throw new Error('base indisponible');
      writes.push(buckets);
    },
    onError: (error) => errors.push(error),
  });
  return { counters, writes, errors };
}

describe('CounterBatch', () => {
  it('writes one bucket per key with the sum of its counts, then nothing until more arrives', async () => {
    const { counters, writes } = batch();
    for (let index = 0; index < 1000; index += 1) counters.add(view(index % 2 === 0 ? 'a1' : 'a2'));
    counters.add({ ...view('a1'), kind: 'impression', groupDocumentId: 'g1', variant: 'b' }, 3);
    await counters.flush();
    await counters.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual([
      { ...view('a1'), count: 500 },
      { ...view('a2'), count: 500 },
      { ...view('a1'), kind: 'impression', groupDocumentId: 'g1', variant: 'b', count: 3 },
    ]);
    expect(counters.size).toBe(0);
  });

  it('keeps a pool’s joins of one group apart from another pool’s', async () => {
    const { counters, writes } = batch();
    const join = (pool: string): CounterBucket => ({
      ...view(''),
      kind: 'pool',
      groupDocumentId: 'g1',
      poolDocumentId: pool,
    });
    counters.add(join('p1'), 2);
    counters.add(join('p2'));
    counters.add(join('p1'));
    await counters.flush();
    expect(writes[0]).toEqual([
      { ...join('p1'), count: 3 },
      { ...join('p2'), count: 1 },
    ]);
  });

  it('keeps the counts of a failed write for the next flush', async () => {
    let failing = true;
    const { counters, writes, errors } = batch({ fail: () => failing });
    counters.add(view('a1'), 2);
    await counters.flush();
    expect(errors).toHaveLength(1);
    counters.add(view('a1'));
    failing = false;
    await counters.flush();
    expect(writes).toEqual([[{ ...view('a1'), count: 3 }]]);
  });

  it('never holds more than maxBuckets keys, and counts what it drops', async () => {
    const { counters } = batch({ maxBuckets: 3 });
    for (let index = 0; index < 50; index += 1) counters.add(view(`a${index}`));
    // A key already held still adds up.
    expect(counters.add(view('a0'))).toBe(true);
    expect(counters.size).toBe(3);
    expect(counters.dropped).toBe(47);
  });

  it('never runs two writes at once: a flush during a write waits for it', async () => {
    let running = 0;
    let overlapped = false;
    const counters = new CounterBatch({
      maxBuckets: 10,
      write: async () => {
        running += 1;
        overlapped ||= running > 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        running -= 1;
      },
    });
    counters.add(view('a1'));
    const first = counters.flush();
    counters.add(view('a2'));
    await Promise.all([first, counters.flush()]);
    expect(overlapped).toBe(false);
    expect(counters.pendingBuckets()).toEqual([]);
  });
});
