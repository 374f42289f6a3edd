import type { Core } from '@strapi/strapi';

/** Everything an anonymous reader may do, and nothing more. */
export const PUBLIC_ACTIONS = [
  'api::article.article.find',
  'api::article.article.findOne',
  'api::article.article.findBySlug',
  'api::article.article.findPage',
  'api::category.category.find',
  'api::category.category.findOne',
  'api::author.author.find',
  'api::author.author.findOne',
  'api::community-group.community-group.find',
  'api::community-group.community-group.redirect',
  'api::comment.comment.find',
  'api::comment.comment.threads',
  'api::comment.comment.create',
  'api::feed.feed.rss',
  'api::feed.feed.sitemap',
  // Draft previews: public on purpose, the signed token in the request is the guard.
  'api::preview.preview.article',
] as const;

const ROLE_UID = 'plugin::users-permissions.role';
const PERMISSION_UID = 'plugin::users-permissions.permission';

/** Grants the public role its actions; safe to run at every boot. */
export async function ensurePublicPermissions(strapi: Core.Strapi): Promise<void> {
  const publicRole = await strapi.db.query(ROLE_UID).findOne({ where: { type: 'public' } });
  if (!publicRole) throw new Error('The users-permissions public role is missing.');

  const granted = await strapi.db.query(PERMISSION_UID).findMany({
    where: { role: publicRole.id, action: { $in: [...PUBLIC_ACTIONS] } },
    select: ['action'],
  });
  const grantedActions = new Set(granted.map((permission: { action: string }) => permission.action));
  for (const action of PUBLIC_ACTIONS) {
    if (grantedActions.has(action)) continue;
    await strapi.db.query(PERMISSION_UID).create({ data: { action, role: publicRole.id } });
    strapi.log.info(`Public role may now ${action}`);
  }
}
