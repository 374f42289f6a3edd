import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::article.article', ({ strapi }) => ({
  async find(ctx) {
    ctx.query = strapi.service('api::article.article').publicListQuery(ctx.query);
    return super.find(ctx);
  },

  async findOne(ctx) {
    // Strapi 5 honours `?status=draft` on the content API; readers must never see drafts.
    ctx.query = { ...ctx.query, status: 'published' };
    return super.findOne(ctx);
  },

  async findBySlug(ctx) {
    const article = await strapi.service('api::article.article').findPublishedBySlug(String(ctx.params.slug));
    if (!article) return ctx.notFound('Cet article est introuvable.');
    const sanitized = await strapi.contentAPI.sanitize.output(
      article,
      strapi.getModel('api::article.article'),
      {
        auth: ctx.state.auth,
      },
    );
    return { data: sanitized, meta: {} };
  },
}));
