// Fills the benchmark's fresh SQLite database: Strapi creates the schema, the demo content and the
// public permissions, then 1,000 published articles (a draft and a published row each, as Strapi 5
// keeps them) and 20,000 approved comments are inserted in batches through the query engine; the
// comment settings' per-IP rate limit is lifted, since the bench posts from one address.
// Run by run.mjs with the CMS folder as working directory and DATABASE_FILENAME set.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script: Strapi loads as CommonJS. */
'use strict';

const { randomBytes } = require('node:crypto');
const { createStrapi } = require('@strapi/strapi');

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 1000);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 20000);
const BATCH = 500;

// Like Strapi's cuid2 ids: 24 characters of [a-z0-9], starting with a letter (Strapi reads an id
// starting with a digit as a numeric id).
const documentId = () =>
  `k${randomBytes(18)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')
    .slice(0, 23)}`;

const paragraph = (text) => ({ type: 'paragraph', children: [{ type: 'text', text }] });
const body = (n) => [
  paragraph(
    `Article de charge numéro ${n}. ${'Un texte de lecture assez long pour ressembler à un vrai article. '.repeat(8)}`,
  ),
  { type: 'heading', level: 2, children: [{ type: 'text', text: 'Ce qu’il faut retenir' }] },
  paragraph('Les offres, les formations et les groupes d’entraide sont nombreux. '.repeat(6)),
  {
    type: 'list',
    format: 'unordered',
    children: ['Un premier point', 'Un deuxième point', 'Un troisième point'].map((text) => ({
      type: 'list-item',
      children: [{ type: 'text', text }],
    })),
  },
];

async function inBatches(rows, insert) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

async function main() {
  const strapi = createStrapi({ appDir: process.cwd(), distDir: 'dist' });
  await strapi.load();
  const started = Date.now();
  const knex = strapi.db.connection;

  // Two categories (a page shows related articles of its own) and one author, as an editor makes them.
  const categories = [];
  for (const name of ['Charge emploi', 'Charge formation']) {
    const slug = name.toLowerCase().replace(/ /g, '-');
    categories.push(await strapi.documents('api::category.category').create({ data: { name, slug } }));
  }
  const author = await strapi
    .documents('api::author.author')
    .create({ data: { name: 'Rédaction de charge', slug: 'redaction-de-charge' } });

  const now = Date.now();
  const articles = [];
  for (let n = 1; n <= ARTICLES; n += 1) {
    const base = {
      documentId: documentId(),
      title: `Article de charge ${String(n).padStart(4, '0')}`,
      slug: `article-de-charge-${String(n).padStart(4, '0')}`,
      excerpt: `Le résumé de l’article de charge ${n}, tel que la page d’accueil le montre.`,
      body: body(n),
      readingTime: 1,
      commentsClosed: false,
      createdAt: new Date(now - (ARTICLES - n) * 60_000),
      updatedAt: new Date(now - (ARTICLES - n) * 60_000),
      locale: null,
    };
    articles.push({ ...base, publishedAt: null }, { ...base, publishedAt: base.updatedAt });
  }
  await inBatches(articles, (data) => strapi.db.query('api::article.article').createMany({ data }));

  // The rows just inserted (draft and published of each article), found by a column they alone have.
  const insertedRows = (table, column, values) =>
    knex(table).select('id', 'document_id').whereIn(column, values);
  const rows = await insertedRows(
    'articles',
    'slug',
    articles.map((a) => a.slug),
  );
  const idsByDocument = new Map();
  for (const row of rows)
    idsByDocument.set(row.document_id, [...(idsByDocument.get(row.document_id) ?? []), row.id]);
  const documents = [...idsByDocument.keys()];

  // Relations are rows of Strapi's link tables; their names come from Strapi's own metadata.
  const articleMeta = strapi.db.metadata.get('api::article.article');
  const linkRows = (attribute, targetIdOf) => {
    const { joinTable } = articleMeta.attributes[attribute];
    return {
      table: joinTable.name,
      rows: rows.map((row, index) => ({
        [joinTable.joinColumn.name]: row.id,
        [joinTable.inverseJoinColumn.name]: targetIdOf(index, row),
      })),
    };
  };
  const categoryBySlug = new Map(articles.map((article, index) => [article.slug, categories[index % 2].id]));
  const slugs = new Map(articles.map((article) => [article.documentId, article.slug]));
  for (const { table, rows: batchRows } of [
    linkRows('category', (_index, row) => categoryBySlug.get(slugs.get(row.document_id))),
    linkRows('author', () => author.id),
  ]) {
    await inBatches(batchRows, (batch) => knex(table).insert(batch));
  }

  const comments = [];
  const targets = [];
  for (let n = 0; n < COMMENTS; n += 1) {
    const article = documents[n % documents.length];
    const createdAt = new Date(now - (COMMENTS - n) * 1000);
    comments.push({
      documentId: documentId(),
      authorName: `Lectrice ${n}`,
      authorEmail: `lectrice${n}@example.org`,
      content: `Commentaire ${n} : merci pour cet article, il m’a été très utile pour ma recherche d’emploi.`,
      moderationStatus: 'approved',
      createdAt,
      updatedAt: createdAt,
      publishedAt: createdAt,
      locale: null,
    });
    targets.push(article);
  }
  await inBatches(comments, (data) => strapi.db.query('api::comment.comment').createMany({ data }));
  const commentRows = await insertedRows(
    'comments',
    'document_id',
    comments.map((c) => c.documentId),
  );
  const commentIds = new Map(commentRows.map((row) => [row.document_id, row.id]));
  // A comment points at both rows of its article, as the document service links them.
  const links = comments.flatMap((comment, n) =>
    idsByDocument
      .get(targets[n])
      .map((articleId) => ({ comment_id: commentIds.get(comment.documentId), article_id: articleId })),
  );
  await inBatches(links, (batch) => knex('comments_article_lnk').insert(batch));

  const count = await strapi.db.query('api::comment.comment').count();
  console.log(
    `[bench] seeded ${documents.length} articles and ${COMMENTS} comments (${count} in all) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  await strapi.db.destroy();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
