import type { Core } from '@strapi/strapi';
import { ensureAdminFromEnv } from './bootstrap/admin-user';
import { seedDemoContent } from './bootstrap/demo-content';
import { migrateCommunityGroups } from './bootstrap/migrations';
import { ensurePublicPermissions } from './bootstrap/permissions';
import { registerDocumentMiddlewares } from './documents/community-groups';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerDocumentMiddlewares(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await migrateCommunityGroups(strapi);
    await ensurePublicPermissions(strapi);
    await ensureAdminFromEnv(strapi);
    await seedDemoContent(strapi);
  },
};
