import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::comment.comment', ({ strapi }) => ({
  async find(ctx) {
    ctx.query = strapi.service('api::comment.comment').publicListQuery(ctx.query);
    return super.find(ctx);
  },

  async create(ctx) {
    const body = ctx.request.body as { data?: unknown } | undefined;
    const created = await strapi.service('api::comment.comment').submit(body?.data);
    ctx.status = 201;
    return { data: created, meta: {} };
  },
}));
