import { factories } from '@strapi/strapi';
import { isReaderClick, perMinuteLimiter } from '../../../clicks/reader-clicks';
import { readerCounters } from '../../../counting/reader-counters';
import { clickCounters } from '../../../db/click-counters';
import { readerCounts } from '../../../db/reader-counts';
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
  /** `qr` for a scan of the QR code shown beside the join block (the code carries `source=qr`). */
  source?: string;
  /** The copy variant the reader saw (`b`, or A for anything else). */
  variant?: string;
}

/** The group a click is counted for, and whether it carries a second text to test. */
export interface CountedGroup {
  documentId: string;
  name: string;
  hasVariantB?: boolean;
}

export interface ClickDetails {
  articleDocumentId?: string;
  source?: string;
  variant?: string;
}

export default factories.createCoreService(STAT_UID, ({ strapi }) => {
  const limiter = perMinuteLimiter();

  return {
    /** One counter row per group and article (see db/click-counters.ts), one per daily bucket (db/reader-counts.ts). */
    async ensureUniqueIndex(): Promise<void> {
      await clickCounters(strapi).ensureUniqueIndex();
      await readerCounts(strapi).ensureUniqueIndex();
    },

    /**
     * Counts one click (or QR scan) on a group's invitation, from an article when `articleDocumentId`
     * names a published one (anything else counts as a click from no particular article), per UTC
     * day and copy variant, in the reader counters' batch (written within seconds).
     */
    async record(group: CountedGroup, details: ClickDetails = {}): Promise<void> {
      const { articleDocumentId } = details;
      const article =
        articleDocumentId && DOCUMENT_ID.test(articleDocumentId)
          ? await strapi
              .documents('api::article.article')
              .findOne({ documentId: articleDocumentId, status: 'published', fields: ['documentId'] })
          : null;

      readerCounters(strapi).count({
        kind: details.source === 'qr' ? 'qr' : 'click',
        groupDocumentId: group.documentId,
        articleDocumentId: article ? article.documentId : '',
        // A B that the group does not carry is a stale or forged link: it counts for A.
        variant: details.variant === 'b' && group.hasVariantB === true ? 'b' : 'a',
        network: '',
      });
    },

    /**
     * Counts a click on a group's invitation if it is a reader's (see `isReaderClick`) and the same
     * address has not clicked on this group more than CLICKS_PER_ADDRESS_PER_MINUTE times in a minute.
     * Returns whether it was counted.
     */
    async recordReaderClick(group: CountedGroup, click: ClickRequest): Promise<boolean> {
      if (!isReaderClick(click)) return false;
      if (!limiter.take(`${hashIp(click.ip)} ${group.documentId}`)) return false;
      await this.record(group, click);
      return true;
    },

    /** Clicks counted for a group, in total or from one article (after writing what is pending). */
    async clicksFor(groupDocumentId: string, articleDocumentId?: string): Promise<number> {
      await readerCounters(strapi).flush();
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
