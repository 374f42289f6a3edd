import { factories } from '@strapi/strapi';
import { DOCUMENT_ID } from '../../../db/schema';
import { communityGroups, groupClickStats, groupPools } from '../../../services';
const ARTICLE_REF = /^[A-Za-z0-9_-]{1,200}$/;

export default factories.createCoreController('api::community-group.community-group', ({ strapi }) => ({
  async find(ctx) {
    const article: unknown = ctx.query.article;
    if (article !== undefined && (typeof article !== 'string' || !ARTICLE_REF.test(article))) {
      return ctx.badRequest('Le paramètre « article » doit être le slug ou l’identifiant d’un article.');
    }
    const { groups, article: found } = await communityGroups(strapi).forReaders(article);
    return { data: groups, meta: found ? { article: { documentId: found.documentId } } : {} };
  },

  /** Counts a reader's click on an invitation, then sends them to the invite link stored for it. */
  async redirect(ctx) {
    const groupDocumentId = String(ctx.params.groupDocumentId);
    const target = DOCUMENT_ID.test(groupDocumentId)
      ? await communityGroups(strapi).clickTarget(groupDocumentId)
      : null;
    if (!target) return ctx.notFound('Ce groupe n’existe pas ou n’accueille plus de nouveaux membres.');

    // Only a reader's click is counted (not a bot's, a prefetch or a HEAD), and counting never stands
    // between a reader and the group.
    const { article, source, v: variant } = ctx.query as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    try {
      const counted = await groupClickStats(strapi).recordReaderClick(
        // The variant was shown for the group clicked; a replacement has its own texts, so the click counts for its A.
        target.documentId === groupDocumentId ? target : { ...target, hasVariantB: false },
        {
          method: ctx.method,
          headers: ctx.headers,
          ip: ctx.request.ip,
          articleDocumentId: text(article),
          source: text(source),
          variant: text(variant),
        },
      );
      // A group of a pool: the reader takes one of its seats, as through the pool's link.
      if (counted) await groupPools(strapi).countJoinOutsidePool(target.documentId);
    } catch (error) {
      strapi.log.warn(`Group click not counted (${String(error)}).`);
    }

    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.status = 302;
    ctx.redirect(target.inviteUrl);
  },
}));
