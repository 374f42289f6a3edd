import type { Core } from '@strapi/strapi';
import { modelTable, perStrapi } from './schema';

function createRelatedArticles(strapi: Core.Strapi) {
  const articles = modelTable<'documentId' | 'publishedAt' | 'category'>(strapi, 'api::article.article');
  const categories = modelTable<'documentId'>(strapi, 'api::category.category');
  const link = articles.link('category');
  const documentId = articles.column('documentId');
  const publishedAt = articles.column('publishedAt');

  return {
    /**
     * The documentIds of a category's newest published articles, from the category's side. The
     * document service filters a relation with LEFT JOINs from the articles, which SQLite answers by
     * scanning every article of the site; starting from the link table's category index reads only
     * the category's own.
     */
    async newestInCategory(
      categoryDocumentId: string,
      excludedDocumentId: string,
      limit: number,
    ): Promise<string[]> {
      const knex = strapi.db.connection;
      const categoryRows = knex(categories.table)
        .where(categories.column('documentId'), categoryDocumentId)
        .select('id');
      const inCategory = knex(link.name)
        .whereIn(link.inverseJoinColumn, categoryRows)
        .select(link.joinColumn);
      const rows: { documentId: string }[] = await knex(articles.table)
        .whereIn('id', inCategory)
        .whereNotNull(publishedAt)
        .whereNot(documentId, excludedDocumentId)
        .orderBy([
          { column: publishedAt, order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit)
        .select({ documentId });
      return rows.map((row) => row.documentId);
    },
  };
}

/** Related-article reads of this Strapi instance (names resolved once). */
export const relatedArticles = perStrapi(createRelatedArticles);
