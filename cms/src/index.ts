import type { Core } from '@strapi/strapi';
import { ensureAdminFromEnv } from './bootstrap/admin-user';
import { seedDemoContent } from './bootstrap/demo-content';
import { configureModerationView } from './bootstrap/moderation-view';
import { ensurePublicPermissions } from './bootstrap/permissions';

export default {
  register() {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensurePublicPermissions(strapi);
    await ensureAdminFromEnv(strapi);
    await configureModerationView(strapi);
    await seedDemoContent(strapi);
  },
};
