import { factories } from '@strapi/strapi';
import { COMMENTS_PAGE_SIZE, DEFAULT_COMMENT_SORT } from '@kiosque/shared';

const ARTICLE_UID = 'api::article.article';

/** What a reader may see of an article list item; the body is left for the article page. */
export const ARTICLE_SUMMARY_FIELDS = [
  'title',
  'slug',
  'excerpt',
  'category',
  'authorName',
  'publishedAt',
] as const;

export const COVER_POPULATE: {
  cover: { fields: ('url' | 'alternativeText' | 'width' | 'height' | 'formats')[] };
} = {
  cover: { fields: ['url', 'alternativeText', 'width', 'height', 'formats'] },
};

export default factories.createCoreService(ARTICLE_UID, ({ strapi }) => ({
  /**
   * The query a public article list runs with, whatever the client asked for: published only,
   * newest first unless told otherwise, and the server decides what is populated.
   */
  publicListQuery(query: Record<string, unknown>): Record<string, unknown> {
    return {
      filters: query.filters,
      pagination: query.pagination,
      sort: query.sort ?? 'publishedAt:desc',
      fields: [...ARTICLE_SUMMARY_FIELDS],
      populate: COVER_POPULATE,
      status: 'published',
    };
  },

  async findPublishedBySlug(slug: string) {
    return strapi.documents(ARTICLE_UID).findFirst({
      filters: { slug: { $eq: slug } },
      status: 'published',
      populate: COVER_POPULATE,
    });
  },

  /**
   * The article page's content in one go, or null when no published article has this slug: the
   * article, the groups chosen for it (as `GET /api/community-groups?article=`) and the first page of
   * its comment threads (as `GET /api/articles/:documentId/comments`).
   */
  async findPageBySlug(slug: string) {
    const article = await this.findPublishedBySlug(slug);
    if (!article) return null;
    const [groups, comments] = await Promise.all([
      strapi.service('api::community-group.community-group').forCategory(article.category ?? null),
      strapi.service('api::comment.comment').threads(article.documentId, {
        sort: DEFAULT_COMMENT_SORT,
        page: 1,
        pageSize: COMMENTS_PAGE_SIZE,
      }),
    ]);
    return { article, groups, comments };
  },

  async findPublished(documentId: string) {
    // Only what comments need to know (closed by hand, or by age): not the body.
    return strapi
      .documents(ARTICLE_UID)
      .findOne({ documentId, status: 'published', fields: ['commentsClosed', 'publishedAt'] });
  },
}));
