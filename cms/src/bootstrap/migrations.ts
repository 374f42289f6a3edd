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

/** Where the database migration left the text labels of articles written before categories and authors existed. */
export const LEGACY_ARTICLE_LABELS_KEY = 'kiosque_legacy_article_labels';

interface LegacyArticleLabels {
  id: number;
  category: string | null;
  author: string | null;
}

function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'sans-nom'
  );
}

/**
 * Turns the text labels kept by database/migrations/…keep-article-labels.js into Category and Author
 * documents (one per distinct name, reusing those that exist) linked from every row of each article,
 * then forgets them. Does nothing on a database that never had text labels; safe at every boot.
 */
export async function migrateArticleLabels(strapi: Core.Strapi): Promise<void> {
  const store = () => strapi.db.connection('strapi_core_store_settings');
  const entry = await store().where({ key: LEGACY_ARTICLE_LABELS_KEY }).first();
  if (!entry) return;
  const labels = JSON.parse(String(entry.value)) as LegacyArticleLabels[];

  const idsByName = new Map<string, number>();
  const findOrCreate = async (uid: 'api::category.category' | 'api::author.author', rawName: string) => {
    const name = rawName.trim().replace(/\s+/g, ' ');
    const key = `${uid}:${name.toLocaleLowerCase('fr')}`;
    const known = idsByName.get(key);
    if (known !== undefined) return known;
    const existing = await strapi.db.query(uid).findOne({ where: { name: { $eqi: name } }, select: ['id'] });
    let id = existing?.id as number | undefined;
    if (id === undefined) {
      let slug = slugify(name);
      for (
        let suffix = 2;
        await strapi.db.query(uid).findOne({ where: { slug }, select: ['id'] });
        suffix += 1
      ) {
        slug = `${slugify(name)}-${suffix}`;
      }
      id = (await strapi.documents(uid).create({ data: { name, slug } })).id as number;
    }
    idsByName.set(key, id);
    return id;
  };

  let linked = 0;
  for (const label of labels) {
    const data: { category?: number; author?: number } = {};
    if (label.category?.trim()) data.category = await findOrCreate('api::category.category', label.category);
    if (label.author?.trim()) data.author = await findOrCreate('api::author.author', label.author);
    if (Object.keys(data).length === 0) continue;
    await strapi.db.query('api::article.article').update({ where: { id: label.id }, data });
    linked += 1;
  }
  await store().where({ key: LEGACY_ARTICLE_LABELS_KEY }).del();
  strapi.log.info(`Linked ${linked} article rows to categories and authors that used to be text labels.`);
}
