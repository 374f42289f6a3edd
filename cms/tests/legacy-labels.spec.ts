import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LEGACY_ARTICLE_LABELS_KEY,
  LEGACY_GROUP_TARGETS_KEY,
  migrateTextLabels,
} from '../src/bootstrap/migrations';
import { createArticle, createGroup } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

const MIGRATION_NAME = '2026.11.27T00.00.00.keep-text-labels.js';

let cms: RunningCms;

beforeAll(async () => {
  cms = await startCms({ SEED_DEMO_CONTENT: 'false' });
});

afterAll(async () => {
  await cms?.stop();
});

/**
 * Puts the database back as an older Kiosque left it: articles with text `category` and
 * `author_name` columns and no links, and our migration not yet run.
 */
async function makeLegacyDatabase(
  articles: { documentId: string; category: string; author: string }[],
  groups: { documentId: string; targets: string }[],
) {
  const knex = cms.strapi.db.connection;
  await knex.schema.alterTable('articles', (table) => {
    table.string('category');
    table.string('author_name');
  });
  await knex.schema.alterTable('community_groups', (table) => table.text('target_categories'));
  const groupMeta = cms.strapi.db.metadata.get('api::community-group.community-group') as unknown as {
    attributes: Record<string, { joinTable: { name: string; joinColumn: { name: string } } }>;
  };
  for (const { documentId, targets } of groups) {
    const ids = (await knex('community_groups').where({ document_id: documentId }).select('id')).map(
      (row) => row.id,
    );
    await knex('community_groups').whereIn('id', ids).update({ target_categories: targets });
    const { joinTable } = groupMeta.attributes.targetCategories;
    await knex(joinTable.name).whereIn(joinTable.joinColumn.name, ids).del();
  }
  const meta = cms.strapi.db.metadata.get('api::article.article') as unknown as {
    attributes: Record<string, { joinTable: { name: string; joinColumn: { name: string } } }>;
  };
  for (const { documentId, category, author } of articles) {
    const ids = (await knex('articles').where({ document_id: documentId }).select('id')).map((row) => row.id);
    await knex('articles').whereIn('id', ids).update({ category, author_name: author });
    for (const attribute of ['category', 'author']) {
      const { joinTable } = meta.attributes[attribute];
      await knex(joinTable.name).whereIn(joinTable.joinColumn.name, ids).del();
    }
  }
  await knex('strapi_migrations').where({ name: MIGRATION_NAME }).del();
}

describe('articles and groups written when categories and authors were text', () => {
  it('are linked to categories and authors made from their old labels, once, on the next boot', async () => {
    const group = await createGroup(cms.strapi, { targetCategories: 'Provisoire' });
    const first = await createArticle(cms.strapi, { category: 'Provisoire' });
    const second = await createArticle(cms.strapi, { category: 'Provisoire' });
    const draftOnly = await createArticle(cms.strapi, { category: 'Provisoire', publish: false });
    await makeLegacyDatabase(
      [
        { documentId: first.documentId, category: 'Stages & alternance', author: 'Awa Diop' },
        { documentId: second.documentId, category: ' stages & ALTERNANCE ', author: 'Awa Diop' },
        { documentId: draftOnly.documentId, category: 'Emploi', author: 'Paul Mensah' },
      ],
      [{ documentId: group.documentId, targets: 'STAGES & alternance\nCuisine' }],
    );

    // What a boot does: pending migrations, the schema sync, then our bootstrap.
    await cms.strapi.db.schema.sync();
    const kept = await cms.strapi.db
      .connection('strapi_core_store_settings')
      .where({ key: LEGACY_ARTICLE_LABELS_KEY })
      .first();
    expect(kept).toBeDefined();
    await migrateTextLabels(cms.strapi);
    await migrateTextLabels(cms.strapi);

    const categories = await cms.strapi.documents('api::category.category').findMany({ sort: 'name' });
    expect(categories.map((category) => [category.name, category.slug])).toEqual(
      expect.arrayContaining([
        ['Stages & alternance', 'stages-alternance'],
        ['Emploi', 'emploi'],
      ]),
    );
    expect(categories.filter((category) => /stages/i.test(category.name ?? ''))).toHaveLength(1);

    const response = await cms.http().get(`/api/articles/slug/${second.slug}`).expect(200);
    expect(response.body.data.category.name).toBe('Stages & alternance');
    expect(response.body.data.author.name).toBe('Awa Diop');
    const draft = await cms.strapi
      .documents('api::article.article')
      .findOne({ documentId: draftOnly.documentId, populate: ['category', 'author'] });
    expect(draft?.category?.name).toBe('Emploi');
    expect(draft?.author?.name).toBe('Paul Mensah');
    const authors = await cms.strapi.documents('api::author.author').findMany({});
    expect(authors.filter((author) => author.name === 'Awa Diop')).toHaveLength(1);
    const groups = await cms.http().get(`/api/community-groups?article=${first.slug}`).expect(200);
    expect(groups.body.data.map((shown: { documentId: string }) => shown.documentId)).toEqual([
      group.documentId,
    ]);
    expect(categories.map((category) => category.name)).toContain('Cuisine');
    for (const key of [LEGACY_ARTICLE_LABELS_KEY, LEGACY_GROUP_TARGETS_KEY]) {
      expect(
        await cms.strapi.db.connection('strapi_core_store_settings').where({ key }).first(),
      ).toBeUndefined();
    }
  });
});
