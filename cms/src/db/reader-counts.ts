import type { Core } from '@strapi/strapi';
import { BUCKET_FIELDS, type CountedBucket } from '../counting/counter-batch';
import { modelTable, perStrapi } from './schema';

const COUNT_UID = 'api::reader-count.reader-count';
const UNIQUE_INDEX = 'reader_counts_bucket_pool_uq';
/** The index of the buckets before they had a pool: it would refuse one group's joins through two pools. */
const FORMER_UNIQUE_INDEX = 'reader_counts_bucket_uq';

type CountAttribute = (typeof BUCKET_FIELDS)[number] | 'documentId' | 'count' | 'createdAt' | 'updatedAt';

/** Sums over a period, per everything but the day. */
export interface CountTotal {
  kind: string;
  articleDocumentId: string;
  groupDocumentId: string;
  variant: string;
  network: string;
  poolDocumentId: string;
  count: number;
}

/** A stored daily row: one bucket's count on one UTC day. */
export type CountRow = CountTotal & { day: string };

function createReaderCounts(strapi: Core.Strapi) {
  const counts = modelTable<CountAttribute>(strapi, COUNT_UID);
  const column = counts.column;
  const bucketColumns = BUCKET_FIELDS.map((field) => column(field));
  const knex = () => strapi.db.connection;

  return {
    /**
     * One row per bucket (day, kind, article, group, variant, network, pool): the unique index lets a
     * flush create or add to a row in one statement. Empty strings, never NULL, for what does not
     * apply: PostgreSQL never finds two NULLs in conflict. A database from before the pool column
     * gets the new index and loses the former one (its rows all have the pool '': still unique).
     */
    async ensureUniqueIndex(): Promise<void> {
      await knex().raw('DROP INDEX IF EXISTS ??', [FORMER_UNIQUE_INDEX]);
      // Rows written before the column existed: '' (no pool), as every new row without one.
      await knex()(counts.table)
        .whereNull(column('poolDocumentId'))
        .update({ [column('poolDocumentId')]: '' });
      await knex().raw(
        `CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (${bucketColumns.map(() => '??').join(', ')})`,
        [UNIQUE_INDEX, counts.table, ...bucketColumns],
      );
    },

    /**
     * Adds each bucket's count to its row: one INSERT … ON CONFLICT DO UPDATE SET count = count + n per
     * bucket, in one transaction, so that concurrent flushes (two CMS instances) never lose a count.
     */
    async add(buckets: CountedBucket[]): Promise<void> {
      if (buckets.length === 0) return;
      const now = new Date();
      await knex().transaction(async (trx) => {
        for (const bucket of buckets) {
          await trx(counts.table)
            .insert({
              [column('documentId')]: counts.newDocumentId(),
              ...Object.fromEntries(BUCKET_FIELDS.map((field) => [column(field), bucket[field]])),
              [column('count')]: bucket.count,
              [column('createdAt')]: now,
              [column('updatedAt')]: now,
            })
            .onConflict(bucketColumns)
            .merge({
              [column('count')]: trx.raw('??.?? + ?', [counts.table, column('count'), bucket.count]),
              [column('updatedAt')]: now,
            });
        }
      });
    },

    /** Sums from `fromDay` to `toDay` (UTC days, both included), per kind, article, group, variant, network, pool. */
    async totals(fromDay: string, toDay: string, kinds?: string[]): Promise<CountTotal[]> {
      const query = knex()(counts.table)
        .select(BUCKET_FIELDS.slice(1).map((field) => `${column(field)} as ${field}`))
        .sum({ count: column('count') })
        .whereBetween(column('day'), [fromDay, toDay])
        .groupBy(bucketColumns.slice(1));
      if (kinds) query.whereIn(column('kind'), kinds);
      const rows = (await query) as Array<Omit<CountTotal, 'count'> & { count: number | string }>;
      return rows.map((row) => ({ ...row, count: Number(row.count) }));
    },

    /** Sums per day and group of the given kinds, from `fromDay` (included). */
    async perDayAndGroup(
      fromDay: string,
      kinds: string[],
    ): Promise<Array<{ day: string; groupDocumentId: string; count: number }>> {
      const rows = (await knex()(counts.table)
        .select(`${column('day')} as day`, `${column('groupDocumentId')} as groupDocumentId`)
        .sum({ count: column('count') })
        .where(column('day'), '>=', fromDay)
        .whereIn(column('kind'), kinds)
        .groupBy(column('day'), column('groupDocumentId'))) as Array<{
        day: string;
        groupDocumentId: string;
        count: number | string;
      }>;
      return rows.map((row) => ({ ...row, count: Number(row.count) }));
    },
  };
}

/** The reader counters' raw queries for this Strapi instance (names resolved once). */
export const readerCounts = perStrapi(createReaderCounts);
