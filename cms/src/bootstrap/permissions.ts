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
  'api::group-pool.group-pool.join',
  'api::comment.comment.find',
  'api::comment.comment.threads',
  'api::comment.comment.create',
  'api::feed.feed.rss',
  'api::feed.feed.sitemap',
  'api::redirect.redirect.find',
  // Draft previews: public on purpose, the signed token in the request is the guard.
  'api::preview.preview.article',
  // Mail links: the signed token in the path is the guard (api/mail).
  'api::mail.mail.show',
  'api::mail.mail.act',
  'api::mail.mail.privacyRequest',
] as const;

const ROLE_UID = 'plugin::users-permissions.role';
const PERMISSION_UID = 'plugin::users-permissions.permission';

/**
 * The public role holds exactly PUBLIC_ACTIONS: what is missing is granted, anything else is
 * removed. Kiosque has no reader accounts, yet users-permissions gives the public role its sign-up,
 * log-in, password-reset and OAuth actions on every new database (and older databases have them
 * already). Safe to run at every boot.
 */
export async function ensurePublicPermissions(strapi: Core.Strapi): Promise<void> {
  const publicRole = await strapi.db.query(ROLE_UID).findOne({ where: { type: 'public' } });
  if (!publicRole) throw new Error('The users-permissions public role is missing.');

  const granted: { id: number; action: string }[] = await strapi.db.query(PERMISSION_UID).findMany({
    where: { role: publicRole.id },
    select: ['id', 'action'],
  });
  const allowed = new Set<string>(PUBLIC_ACTIONS);
  const extra = granted.filter((permission) => !allowed.has(permission.action));
  if (extra.length > 0) {
    await strapi.db.query(PERMISSION_UID).deleteMany({ where: { id: { $in: extra.map((p) => p.id) } } });
    for (const permission of extra) strapi.log.info(`Public role may no longer ${permission.action}`);
  }
  const grantedActions = new Set(granted.map((permission) => permission.action));
  for (const action of PUBLIC_ACTIONS) {
    if (grantedActions.has(action)) continue;
    await strapi.db.query(PERMISSION_UID).create({ data: { action, role: publicRole.id } });
    strapi.log.info(`Public role may now ${action}`);
  }
}

const USERS_PERMISSIONS_STORE = { type: 'plugin', name: 'users-permissions' } as const;

/**
 * Sign-up stays off even if the route were granted again: users-permissions checks this setting
 * before creating an account. Safe to run at every boot.
 */
export async function disableRegistration(strapi: Core.Strapi): Promise<void> {
  const store = strapi.store(USERS_PERMISSIONS_STORE);
  const settings = ((await store.get({ key: 'advanced' })) ?? {}) as Record<string, unknown>;
  if (settings.allow_register === false) return;
  await store.set({ key: 'advanced', value: { ...settings, allow_register: false } });
  strapi.log.info('Reader sign-up (users-permissions registration) is off');
}
