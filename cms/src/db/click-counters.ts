import type { Core } from '@strapi/strapi';
import { modelTable, perStrapi } from './schema';

const STAT_UID = 'api::group-click-stat.group-click-stat';
const UNIQUE_INDEX = 'group_click_stats_group_article_uq';

type StatAttribute =
  | 'documentId'
  | 'groupDocumentId'
  | 'groupName'
  | 'articleDocumentId'
  | 'articleTitle'
  | 'clicks'
  | 'createdAt'
  | 'updatedAt'
  | 'publishedAt';

export interface CountedClick {
  groupDocumentId: string;
  groupName: string;
  /** '' for a click from no particular article. */
  articleDocumentId: string;
  articleTitle: string;
}

function createClickCounters(strapi: Core.Strapi) {
  const stats = modelTable<StatAttribute>(strapi, STAT_UID);
  const column = stats.column;

  return {
    /**
     * One counter row per group and article. The unique index lets a click create or increment its
     * row in a single atomic statement; Strapi leaves indexes it did not create alone.
     */
    async ensureUniqueIndex(): Promise<void> {
      await strapi.db.connection.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??, ??)', [
        UNIQUE_INDEX,
        stats.table,
        column('groupDocumentId'),
        column('articleDocumentId'),
      ]);
    },

    /**
     * Adds `count` clicks (one flush of the counters' batch): a single INSERT … ON CONFLICT DO UPDATE
     * SET clicks = clicks + n, so concurrent flushes never lose a count.
     */
    async add(click: CountedClick, count: number): Promise<void> {
      const knex = strapi.db.connection;
      const now = new Date();
      await knex(stats.table)
        .insert({
          [column('documentId')]: stats.newDocumentId(),
          [column('groupDocumentId')]: click.groupDocumentId,
          [column('groupName')]: click.groupName,
          [column('articleDocumentId')]: click.articleDocumentId,
          [column('articleTitle')]: click.articleTitle,
          [column('clicks')]: count,
          [column('createdAt')]: now,
          [column('updatedAt')]: now,
          [column('publishedAt')]: now,
        })
        .onConflict([column('groupDocumentId'), column('articleDocumentId')])
        .merge({
          [column('clicks')]: knex.raw('??.?? + ?', [stats.table, column('clicks'), count]),
          [column('groupName')]: click.groupName,
          [column('articleTitle')]: click.articleTitle,
          [column('updatedAt')]: now,
        });
    },
  };
}

/** The click counters' raw queries for this Strapi instance (names resolved once). */
export const clickCounters = perStrapi(createClickCounters);
