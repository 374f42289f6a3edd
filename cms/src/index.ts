import type { Core } from '@strapi/strapi';
import { registerCacheInvalidation } from './cache/invalidation';
import { responseCacheOf } from './cache/response-cache';
import { ensureAdminFromEnv } from './bootstrap/admin-user';
import { seedDemoContent } from './bootstrap/demo-content';
import { ensurePublicPermissions } from './bootstrap/permissions';
import { registerCommentEmailNormalisation } from './documents/comment-email';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerCommentEmailNormalisation(strapi);
    registerCacheInvalidation(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensurePublicPermissions(strapi);
    await ensureAdminFromEnv(strapi);
    await seedDemoContent(strapi);
    responseCacheOf(strapi).startSync();
  },

  destroy({ strapi }: { strapi: Core.Strapi }) {
    responseCacheOf(strapi).stopSync();
  },
};
