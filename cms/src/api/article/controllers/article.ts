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

  async findPage(ctx) {
    const page = await strapi.service('api::article.article').findPageBySlug(String(ctx.params.slug));
    if (!page) return ctx.notFound('Cet article est introuvable.');
    const sanitize = (
      data: unknown,
      uid: 'api::article.article' | 'api::community-group.community-group' | 'api::comment.comment',
    ) => strapi.contentAPI.sanitize.output(data, strapi.getModel(uid), { auth: ctx.state.auth });
    return {
      data: {
        article: await sanitize(page.article, 'api::article.article'),
        groups: await sanitize(page.groups, 'api::community-group.community-group'),
        comments: {
          data: await sanitize(page.comments.data, 'api::comment.comment'),
          meta: page.comments.meta,
        },
      },
      meta: {},
    };
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
