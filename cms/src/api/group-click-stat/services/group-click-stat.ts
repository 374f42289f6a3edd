import { randomBytes } from 'node:crypto';
import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import {
  CLICKS_PER_ADDRESS_PER_MINUTE,
  ClickLimiter,
  isReaderClick,
  REMEMBERED_PAIRS,
} from '../../../clicks/reader-clicks';
import { hashIp } from '../../../utils/keyed-hashes';

const STAT_UID = 'api::group-click-stat.group-click-stat';
const UNIQUE_INDEX = 'group_click_stats_group_article_uq';
const DOCUMENT_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A request to an invitation, as the redirect sees it. */
export interface ClickRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The client's address (`ctx.request.ip`); only a keyed hash of it is kept, in memory. */
  ip: string;
  articleDocumentId?: string;
}

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

/** The counters' table and column names, as Strapi named them. */
function statTable(strapi: Core.Strapi) {
  const metadata = strapi.db.metadata.get(STAT_UID);
  const column = (attribute: StatAttribute): string => {
    const definition = metadata.attributes[attribute] as { columnName?: string } | undefined;
    if (!definition?.columnName) throw new Error(`${STAT_UID} has no column for ${attribute}.`);
    return definition.columnName;
  };
  return { table: metadata.tableName, column };
}

/** A document id in the shape Strapi gives its own: 24 lower-case letters and digits. */
function newDocumentId(): string {
  return [...randomBytes(24)]
    .map((byte) => DOCUMENT_ID_ALPHABET[byte % DOCUMENT_ID_ALPHABET.length])
    .join('');
}

export default factories.createCoreService(STAT_UID, ({ strapi }) => {
  const limiter = new ClickLimiter({
    limit: CLICKS_PER_ADDRESS_PER_MINUTE,
    windowMs: 60_000,
    maxKeys: REMEMBERED_PAIRS,
  });

  return {
    /**
     * One counter row per group and article. The unique index lets a click create or increment its
     * row in a single atomic statement; Strapi leaves indexes it did not create alone.
     */
    async ensureUniqueIndex(): Promise<void> {
      const { table, column } = statTable(strapi);
      await strapi.db.connection.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??, ??)', [
        UNIQUE_INDEX,
        table,
        column('groupDocumentId'),
        column('articleDocumentId'),
      ]);
    },

    /**
     * Counts one click on a group's invitation, from an article when `articleDocumentId` names a
     * published one (anything else counts as a click from no particular article). A single
     * INSERT … ON CONFLICT DO UPDATE SET clicks = clicks + 1, so parallel clicks never lose a count.
     */
    async record(group: { documentId: string; name: string }, articleDocumentId?: string): Promise<void> {
      const article =
        articleDocumentId && /^[A-Za-z0-9_-]{1,64}$/.test(articleDocumentId)
          ? await strapi
              .documents('api::article.article')
              .findOne({ documentId: articleDocumentId, status: 'published', fields: ['title'] })
          : null;

      const { table, column } = statTable(strapi);
      const knex = strapi.db.connection;
      const now = new Date();
      const groupName = group.name.slice(0, 100);
      const articleTitle = (article?.title ?? '').slice(0, 200);
      await knex(table)
        .insert({
          [column('documentId')]: newDocumentId(),
          [column('groupDocumentId')]: group.documentId,
          [column('groupName')]: groupName,
          [column('articleDocumentId')]: article ? article.documentId : '',
          [column('articleTitle')]: articleTitle,
          [column('clicks')]: 1,
          [column('createdAt')]: now,
          [column('updatedAt')]: now,
          [column('publishedAt')]: now,
        })
        .onConflict([column('groupDocumentId'), column('articleDocumentId')])
        .merge({
          [column('clicks')]: knex.raw('??.?? + 1', [table, column('clicks')]),
          [column('groupName')]: groupName,
          [column('articleTitle')]: articleTitle,
          [column('updatedAt')]: now,
        });
    },

    /**
     * Counts a click on a group's invitation if it is a reader's (see `isReaderClick`) and the same
     * address has not clicked on this group more than CLICKS_PER_ADDRESS_PER_MINUTE times in a minute.
     * Returns whether it was counted.
     */
    async recordReaderClick(
      group: { documentId: string; name: string },
      click: ClickRequest,
    ): Promise<boolean> {
      if (!isReaderClick(click)) return false;
      if (!limiter.take(`${hashIp(click.ip)} ${group.documentId}`)) return false;
      await this.record(group, click.articleDocumentId);
      return true;
    },

    /** Clicks counted for a group, in total or from one article. */
    async clicksFor(groupDocumentId: string, articleDocumentId?: string): Promise<number> {
      const stats = await strapi.documents(STAT_UID).findMany({
        filters: {
          groupDocumentId: { $eq: groupDocumentId },
          ...(articleDocumentId === undefined ? {} : { articleDocumentId: { $eq: articleDocumentId } }),
        },
        fields: ['clicks'],
        limit: 10_000,
      });
      return stats.reduce((total, stat) => total + (stat.clicks ?? 0), 0);
    },
  };
});
