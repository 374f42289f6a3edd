import type { Core } from '@strapi/strapi';
import { modelTable, perStrapi } from './schema';

function createCommentCounts(strapi: Core.Strapi) {
  const comments = modelTable<'moderationStatus' | 'article'>(strapi, 'api::comment.comment');
  const articles = modelTable<'documentId'>(strapi, 'api::article.article');
  const link = comments.link('article');
  const articleDocumentId = `a.${articles.column('documentId')}`;

  return {
    /** Approved comments per article documentId, in one grouped query whatever the number of articles. */
    async approvedCounts(articleDocumentIds: string[]): Promise<Map<string, number>> {
      const counts = new Map(articleDocumentIds.map((documentId) => [documentId, 0]));
      if (articleDocumentIds.length === 0) return counts;
      // A comment is linked to both rows of its article: counted once.
      const rows: { documentId: string; count: number | string }[] = await strapi.db
        .connection(`${comments.table} as c`)
        .join(`${link.name} as l`, `l.${link.joinColumn}`, 'c.id')
        .join(`${articles.table} as a`, 'a.id', `l.${link.inverseJoinColumn}`)
        .where(`c.${comments.column('moderationStatus')}`, 'approved')
        .whereIn(articleDocumentId, articleDocumentIds)
        .groupBy(articleDocumentId)
        .select({ documentId: articleDocumentId })
        .countDistinct({ count: 'c.id' });
      for (const row of rows) counts.set(row.documentId, Number(row.count));
      return counts;
    },
  };
}

/** Comment counts of this Strapi instance (names resolved once). */
export const commentCounts = perStrapi(createCommentCounts);
