'use strict';

/*
 * Articles used to carry their category and author as plain text (columns `category` and
 * `author_name`), and community groups their target categories as text, one per line
 * (`target_categories`). They are now relations to the Category and Author types, and Strapi's schema
 * sync, which runs right after this, drops the old columns. Before it does, this keeps the labels in
 * the core store; the bootstrap (src/bootstrap/migrations.ts) turns them into categories, authors and
 * links, and removes the entries. Runs once per database, before the sync.
 */
const ARTICLE_LABELS_KEY = 'kiosque_legacy_article_labels';
const GROUP_TARGETS_KEY = 'kiosque_legacy_group_targets';

async function keep(knex, key, labels) {
  await knex('strapi_core_store_settings').where({ key }).del();
  await knex('strapi_core_store_settings').insert({ key, value: JSON.stringify(labels), type: 'object' });
}

async function up(knex) {
  if (await knex.schema.hasTable('articles')) {
    const hasCategory = await knex.schema.hasColumn('articles', 'category');
    const hasAuthor = await knex.schema.hasColumn('articles', 'author_name');
    if (hasCategory || hasAuthor) {
      const columns = ['id', ...(hasCategory ? ['category'] : []), ...(hasAuthor ? ['author_name'] : [])];
      const rows = await knex('articles').select(columns);
      await keep(
        knex,
        ARTICLE_LABELS_KEY,
        rows.map((row) => ({ id: row.id, category: row.category ?? null, author: row.author_name ?? null })),
      );
    }
  }
  if (
    (await knex.schema.hasTable('community_groups')) &&
    (await knex.schema.hasColumn('community_groups', 'target_categories'))
  ) {
    const rows = await knex('community_groups').select(['id', 'target_categories']);
    await keep(
      knex,
      GROUP_TARGETS_KEY,
      rows.map((row) => ({ id: row.id, targets: row.target_categories ?? null })),
    );
  }
}

module.exports = { up };
