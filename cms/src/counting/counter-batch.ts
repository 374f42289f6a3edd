import type { CountKind, CopyVariant, ShareNetwork } from '@kiosque/shared';

/** One daily counter: what happened, on which UTC day, where. Empty strings for what does not apply. */
export interface CounterBucket {
  day: string;
  kind: CountKind;
  articleDocumentId: string;
  groupDocumentId: string;
  variant: CopyVariant | '';
  network: ShareNetwork | '';
  /** The pool whose permanent link sent a reader to the group (`pool` joins only). */
  poolDocumentId: string;
}

export interface CountedBucket extends CounterBucket {
  count: number;
}

/** A bucket's fields, in the order of its key and of the stored counters' unique index. */
export const BUCKET_FIELDS = [
  'day',
  'kind',
  'articleDocumentId',
  'groupDocumentId',
  'variant',
  'network',
  'poolDocumentId',
] as const;

// No field can hold a tab (ids, days and enumerations only), so the key is unambiguous.
const keyOf = (bucket: CounterBucket): string => BUCKET_FIELDS.map((field) => bucket[field]).join('\t');

function bucketOf(key: string): CounterBucket {
  const [day, kind, articleDocumentId, groupDocumentId, variant, network, poolDocumentId] = key.split('\t');
  return {
    day,
    kind: kind as CountKind,
    articleDocumentId,
    groupDocumentId,
    variant: variant as CopyVariant | '',
    network: network as ShareNetwork | '',
    poolDocumentId,
  };
}

export interface CounterBatchOptions {
  /** Writes the buckets of one flush (one upsert each); throws if nothing was written. */
  write: (buckets: CountedBucket[]) => Promise<void>;
  /**
   * Buckets kept in memory at most between two flushes. Every key is made of known ids and fixed
   * words, so a day's traffic makes far fewer; beyond, counts are dropped (and counted as dropped)
   * rather than letting memory grow.
   */
  maxBuckets: number;
  onError?: (error: unknown) => void;
}

/**
 * Counts added in memory and written together: one upsert per bucket per flush, whatever the number
 * of readers. A failed write puts its counts back for the next flush (within `maxBuckets`).
 */
export class CounterBatch {
  private pending = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Counts refused because `maxBuckets` was reached: exposed so that a loss is never silent. */
  dropped = 0;

  constructor(private readonly options: CounterBatchOptions) {}

  get size(): number {
    return this.pending.size;
  }

  add(bucket: CounterBucket, count = 1): boolean {
    const key = keyOf(bucket);
    const current = this.pending.get(key);
    if (current === undefined && this.pending.size >= this.options.maxBuckets) {
      this.dropped += count;
      return false;
    }
    this.pending.set(key, (current ?? 0) + count);
    return true;
  }

  /** What is waiting to be written, for a reader of the counters that must not be a flush behind. */
  pendingBuckets(): CountedBucket[] {
    return [...this.pending].map(([key, count]) => ({ ...bucketOf(key), count }));
  }

  /** Writes what is pending; flushes never overlap, and the promise settles once this one is done. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      this.pending = new Map();
      try {
        await this.options.write([...batch].map(([key, count]) => ({ ...bucketOf(key), count })));
      } catch (error) {
        for (const [key, count] of batch) this.add(bucketOf(key), count);
        this.options.onError?.(error);
      }
    });
    return this.writing;
  }

  /** Flushes every `intervalMs` (the timer never keeps the process alive). */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
