import { factories } from '@strapi/strapi';
import { DOCUMENT_ID } from '../../../db/schema';
import { communityGroups, groupClickStats } from '../../../services';
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

  /** Counts a click on an invitation, then sends the reader to the invite link stored for it. */
  async redirect(ctx) {
    const groupDocumentId = String(ctx.params.groupDocumentId);
    const target = DOCUMENT_ID.test(groupDocumentId)
      ? await communityGroups(strapi).clickTarget(groupDocumentId)
      : null;
    if (!target) return ctx.notFound('Ce groupe n’existe pas ou n’accueille plus de nouveaux membres.');

    // Koa answers HEAD on GET routes; a HEAD is a link checker, not a reader joining.
    if (ctx.method === 'GET') {
      const article: unknown = ctx.query.article;
      await groupClickStats(strapi).record(target, typeof article === 'string' ? article : undefined);
    }

    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.status = 302;
    ctx.redirect(target.inviteUrl);
  },
}));
