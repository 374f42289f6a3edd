import { factories } from '@strapi/strapi';
import {
  CLICKS_PER_ADDRESS_PER_MINUTE,
  ClickLimiter,
  isReaderClick,
  REMEMBERED_PAIRS,
} from '../../../clicks/reader-clicks';
import { clickCounters } from '../../../db/click-counters';
import { DOCUMENT_ID } from '../../../db/schema';
import { hashIp } from '../../../utils/keyed-hashes';

const STAT_UID = 'api::group-click-stat.group-click-stat';

/** A request to an invitation, as the redirect sees it. */
export interface ClickRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The client's address (`ctx.request.ip`); only a keyed hash of it is kept, in memory. */
  ip: string;
  articleDocumentId?: string;
}

export default factories.createCoreService(STAT_UID, ({ strapi }) => {
  const limiter = new ClickLimiter({
    limit: CLICKS_PER_ADDRESS_PER_MINUTE,
    windowMs: 60_000,
    maxKeys: REMEMBERED_PAIRS,
  });

  return {
    /** One counter row per group and article (see db/click-counters.ts). */
    async ensureUniqueIndex(): Promise<void> {
      await clickCounters(strapi).ensureUniqueIndex();
    },

    /**
     * Counts one click on a group's invitation, from an article when `articleDocumentId` names a
     * published one (anything else counts as a click from no particular article). A single
     * INSERT … ON CONFLICT DO UPDATE SET clicks = clicks + 1, so parallel clicks never lose a count.
     */
    async record(group: { documentId: string; name: string }, articleDocumentId?: string): Promise<void> {
      const article =
        articleDocumentId && DOCUMENT_ID.test(articleDocumentId)
          ? await strapi
              .documents('api::article.article')
              .findOne({ documentId: articleDocumentId, status: 'published', fields: ['title'] })
          : null;

      await clickCounters(strapi).increment({
        groupDocumentId: group.documentId,
        groupName: group.name.slice(0, 100),
        articleDocumentId: article ? article.documentId : '',
        articleTitle: (article?.title ?? '').slice(0, 200),
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
