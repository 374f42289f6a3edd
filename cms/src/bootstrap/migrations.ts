import type { Core } from '@strapi/strapi';
import { parseTargetCategories } from '@kiosque/shared';
import { deleteStoreEntry, readStoreEntry } from '../db/core-store';
import { groupClickStats } from '../services';

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
  await groupClickStats(strapi).ensureUniqueIndex();
}

/** Where the database migration left the text labels of articles and groups written before categories and authors existed. */
export const LEGACY_ARTICLE_LABELS_KEY = 'kiosque_legacy_article_labels';
export const LEGACY_GROUP_TARGETS_KEY = 'kiosque_legacy_group_targets';

interface LegacyArticleLabels {
  id: number;
  category: string | null;
  author: string | null;
}

interface LegacyGroupTargets {
  id: number;
  targets: string | null;
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

/** Finds documents by name (whatever the case), creating each missing one once, with a free slug. */
function documentsByName(strapi: Core.Strapi) {
  const ids = new Map<string, number>();
  return async (uid: 'api::category.category' | 'api::author.author', rawName: string): Promise<number> => {
    const name = rawName.trim().replace(/\s+/g, ' ');
    const key = `${uid}:${name.toLocaleLowerCase('fr')}`;
    const known = ids.get(key);
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
    ids.set(key, id);
    return id;
  };
}

/**
 * Turns the text labels kept by database/migrations/…keep-text-labels.js into Category and Author
 * documents (one per distinct name, reusing those that exist) linked from every row of each article
 * and group, then forgets them. Does nothing on a database that never had text labels; safe at every boot.
 */
export async function migrateTextLabels(strapi: Core.Strapi): Promise<void> {
  const byName = documentsByName(strapi);

  const articleLabels = await readStoreEntry<LegacyArticleLabels[]>(strapi, LEGACY_ARTICLE_LABELS_KEY);
  if (articleLabels) {
    let linked = 0;
    for (const label of articleLabels) {
      const data: { category?: number; author?: number } = {};
      if (label.category?.trim()) data.category = await byName('api::category.category', label.category);
      if (label.author?.trim()) data.author = await byName('api::author.author', label.author);
      if (Object.keys(data).length === 0) continue;
      await strapi.db.query('api::article.article').update({ where: { id: label.id }, data });
      linked += 1;
    }
    await deleteStoreEntry(strapi, LEGACY_ARTICLE_LABELS_KEY);
    strapi.log.info(`Linked ${linked} article rows to the categories and authors they named as text.`);
  }

  const groupTargets = await readStoreEntry<LegacyGroupTargets[]>(strapi, LEGACY_GROUP_TARGETS_KEY);
  if (groupTargets) {
    let linked = 0;
    for (const group of groupTargets) {
      const names = parseTargetCategories(group.targets);
      if (names.length === 0) continue;
      const targetCategories: number[] = [];
      for (const name of names) targetCategories.push(await byName('api::category.category', name));
      await strapi.db.query(GROUP_UID).update({ where: { id: group.id }, data: { targetCategories } });
      linked += 1;
    }
    await deleteStoreEntry(strapi, LEGACY_GROUP_TARGETS_KEY);
    strapi.log.info(`Linked ${linked} community groups to the categories they targeted as text.`);
  }
}
