import type { Core } from '@strapi/strapi';

const GROUP_UID = 'api::community-group.community-group';

/**
 * Brings an existing database up to the current community-group model; safe to run at every boot.
 * Groups saved when the only WhatsApp platform was `whatsapp` were all WhatsApp groups, and groups
 * saved before the `full` flag existed had room.
 */
export async function migrateCommunityGroups(strapi: Core.Strapi): Promise<void> {
  const { count } = await strapi.db.query(GROUP_UID).updateMany({
    where: { platform: 'whatsapp' },
    data: { platform: 'whatsapp_group' },
  });
  if (count > 0) strapi.log.info(`Migrated ${count} community groups from "whatsapp" to "whatsapp_group".`);
  await strapi.db.query(GROUP_UID).updateMany({ where: { full: { $null: true } }, data: { full: false } });
  await strapi.service('api::group-click-stat.group-click-stat').ensureUniqueIndex();
}
