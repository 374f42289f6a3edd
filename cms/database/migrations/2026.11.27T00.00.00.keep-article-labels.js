'use strict';

/*
 * Articles used to carry their category and author as plain text (columns `category` and
 * `author_name`). They are now relations to the Category and Author types, and Strapi's schema sync,
 * which runs right after this, drops the old columns. Before it does, this keeps every article row's
 * labels in the core store; the bootstrap (src/bootstrap/migrations.ts) then turns them into
 * categories, authors and links, and removes the entry. Runs once per database, before the sync.
 */
const STORE_KEY = 'kiosque_legacy_article_labels';

async function up(knex) {
  if (!(await knex.schema.hasTable('articles'))) return;
  const hasCategory = await knex.schema.hasColumn('articles', 'category');
  const hasAuthor = await knex.schema.hasColumn('articles', 'author_name');
  if (!hasCategory && !hasAuthor) return;

  const columns = ['id', ...(hasCategory ? ['category'] : []), ...(hasAuthor ? ['author_name'] : [])];
  const rows = await knex('articles').select(columns);
  const labels = rows.map((row) => ({
    id: row.id,
    category: row.category ?? null,
    author: row.author_name ?? null,
  }));
  await knex('strapi_core_store_settings').where({ key: STORE_KEY }).del();
  await knex('strapi_core_store_settings').insert({
    key: STORE_KEY,
    value: JSON.stringify(labels),
    type: 'object',
  });
}

module.exports = { up };
