import type { Core } from '@strapi/strapi';
import { countDay } from '@kiosque/shared';
import { clickCounters } from '../db/click-counters';
import { readerCounts } from '../db/reader-counts';
import { perStrapi } from '../db/schema';
import { CounterBatch, type CounterBucket, type CountedBucket } from './counter-batch';

/**
 * The kinds that take a reader to a group's invitation: a join, as far as Kiosque can see one. A
 * pool's visit counts too, so the dashboard's joins include those sent through `/rejoindre/…`.
 */
export const JOIN_KINDS = ['click', 'qr', 'pool'] as const;

export interface CountingConfig {
  /** `COUNTING=off`: nothing is counted (beacons are still checked and answered). */
  enabled: boolean;
  /** How often the batch is written. A SIGKILL loses at most this long of counts (docs/operations.md). */
  flushIntervalMs: number;
  /** Buckets kept in memory at most between two flushes. */
  maxBuckets: number;
}

/** What a counter needs besides its day; the pool only for a pool's visit. */
type CountInput = Omit<CounterBucket, 'day' | 'poolDocumentId'> & { poolDocumentId?: string };

const ARTICLE_UID = 'api::article.article';
const GROUP_UID = 'api::community-group.community-group';

function createReaderCounters(strapi: Core.Strapi) {
  const config = strapi.config.get<CountingConfig>('kiosque.counting', {
    enabled: true,
    flushIntervalMs: 5000,
    maxBuckets: 50_000,
  });

  /** The lifetime rows per group and article (the editors' « Clics par groupe et article »), by flush. */
  async function addLifetimeClicks(buckets: CountedBucket[]): Promise<void> {
    const perPair = new Map<string, { groupDocumentId: string; articleDocumentId: string; count: number }>();
    for (const bucket of buckets) {
      if (!(JOIN_KINDS as readonly string[]).includes(bucket.kind)) continue;
      const key = `${bucket.groupDocumentId} ${bucket.articleDocumentId}`;
      const pair = perPair.get(key) ?? { ...bucket, count: 0 };
      pair.count += bucket.count;
      perPair.set(key, pair);
    }
    if (perPair.size === 0) return;
    const pairs = [...perPair.values()];
    const groupIds = [...new Set(pairs.map((pair) => pair.groupDocumentId))];
    const articleIds = [...new Set(pairs.map((pair) => pair.articleDocumentId).filter((id) => id !== ''))];
    const groupNames = new Map(
      (
        await strapi.documents(GROUP_UID).findMany({
          filters: { documentId: { $in: groupIds } },
          fields: ['name'],
          limit: groupIds.length,
        })
      ).map((group) => [group.documentId, group.name ?? '']),
    );
    const titles = new Map(
      articleIds.length === 0
        ? []
        : (
            await strapi.documents(ARTICLE_UID).findMany({
              filters: { documentId: { $in: articleIds } },
              fields: ['title'],
              limit: articleIds.length,
            })
          ).map((article) => [article.documentId, article.title ?? '']),
    );
    for (const pair of pairs) {
      await clickCounters(strapi).add(
        {
          groupDocumentId: pair.groupDocumentId,
          groupName: (groupNames.get(pair.groupDocumentId) ?? '').slice(0, 100),
          articleDocumentId: pair.articleDocumentId,
          articleTitle: (titles.get(pair.articleDocumentId) ?? '').slice(0, 200),
        },
        pair.count,
      );
    }
  }

  const batch = new CounterBatch({
    maxBuckets: config.maxBuckets,
    write: async (buckets) => {
      await readerCounts(strapi).add(buckets);
      await addLifetimeClicks(buckets);
    },
    onError: (error) =>
      strapi.log.warn(`Reader counters not written, kept for the next flush (${String(error)}).`),
  });

  return {
    enabled: config.enabled,

    /** Counts one event now (in memory; written at the next flush). False when it was not counted. */
    count(bucket: CountInput, at: Date = new Date()): boolean {
      if (!config.enabled) return false;
      return batch.add({ poolDocumentId: '', ...bucket, day: countDay(at) });
    },

    /** Adds `count` events on `day` (a page server's flush of the views it counted). */
    countOn(bucket: CountInput, day: string, count: number): boolean {
      if (!config.enabled) return false;
      return batch.add({ poolDocumentId: '', ...bucket, day }, count);
    },

    /** Writes what is pending now (the dashboard and graceful stops call it). */
    flush(): Promise<void> {
      return batch.flush();
    },

    /** Counts refused since boot because the batch was full (never expected; a sign of attack or a stuck database). */
    get dropped(): number {
      return batch.dropped;
    },

    start(): void {
      if (config.enabled) batch.start(config.flushIntervalMs);
    },

    /** Stops the timer and writes what is pending: a graceful stop loses nothing. */
    async stop(): Promise<void> {
      batch.stop();
      await batch.flush();
    },

    /**
     * Joins (clicks and QR scans that reached an invitation) per group, counted on the UTC day of
     * `since` and after: daily buckets, so a count taken at 15:00 also includes that morning's joins
     * (an overestimate, the safe side for a group's fullness). Includes this instance's counts not yet
     * written; another instance's are at most one flush interval behind.
     */
    async joinsPerGroupSince(since: Date): Promise<Map<string, number>> {
      const fromDay = countDay(since);
      const joins = new Map<string, number>();
      const add = (groupDocumentId: string, count: number) =>
        joins.set(groupDocumentId, (joins.get(groupDocumentId) ?? 0) + count);
      for (const row of await readerCounts(strapi).totals(fromDay, '9999-12-31', [...JOIN_KINDS])) {
        add(row.groupDocumentId, row.count);
      }
      for (const bucket of batch.pendingBuckets()) {
        if ((JOIN_KINDS as readonly string[]).includes(bucket.kind) && bucket.day >= fromDay) {
          add(bucket.groupDocumentId, bucket.count);
        }
      }
      return joins;
    },
  };
}

/**
 * Kiosque's reader counters for this Strapi instance: views, join-block impressions, join clicks, QR
 * scans and shares, in daily buckets, batched in memory. The one way to count and to read joins.
 */
export const readerCounters = perStrapi(createReaderCounters);
export type ReaderCounters = ReturnType<typeof createReaderCounters>;
