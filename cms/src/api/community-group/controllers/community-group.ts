import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::community-group.community-group', ({ strapi }) => ({
  async find(ctx) {
    ctx.query = strapi.service('api::community-group.community-group').publicListQuery(ctx.query);
    return super.find(ctx);
  },
}));
