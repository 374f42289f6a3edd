import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::article.article', ({ strapi }) => ({
  async find(ctx) {
    ctx.query = strapi.service('api::article.article').publicListQuery(ctx.query);
    const response = (await super.find(ctx)) as { data: { documentId: string }[]; meta: unknown };
    const counts = await strapi
      .service('api::comment.comment')
      .approvedCounts(response.data.map((article) => article.documentId));
    return {
      ...response,
      data: response.data.map((article) => ({
        ...article,
        commentCount: counts.get(article.documentId) ?? 0,
      })),
    };
  },

  async findOne(ctx) {
    // Strapi 5 honours `?status=draft` on the content API; readers must never see drafts.
    ctx.query = { ...ctx.query, status: 'published' };
    return super.findOne(ctx);
  },

  async findBySlug(ctx) {
    const article = await strapi.service('api::article.article').findPublishedBySlug(String(ctx.params.slug));
    if (!article) return ctx.notFound('Cet article est introuvable.');
    const sanitized = (await strapi.contentAPI.sanitize.output(
      article,
      strapi.getModel('api::article.article'),
      {
        auth: ctx.state.auth,
      },
    )) as Record<string, unknown>;
    const comments = strapi.service('api::comment.comment');
    const [counts, commentsOpen] = await Promise.all([
      comments.approvedCounts([article.documentId]),
      comments.isOpen(article),
    ]);
    return {
      data: { ...sanitized, commentCount: counts.get(article.documentId) ?? 0, commentsOpen },
      meta: {},
    };
  },
}));
