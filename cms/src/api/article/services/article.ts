import { factories, type Core } from '@strapi/strapi';
import { COMMENTS_PAGE_SIZE, DEFAULT_COMMENT_SORT } from '@kiosque/shared';
import { oneOf, positiveInteger, text, type QueryAllowList } from '../../../utils/public-query';
import { relatedArticles } from '../../../db/related-articles';
import { comments as commentService, communityGroups } from '../../../services';

const ARTICLE_UID = 'api::article.article';

/** What a reader may see of an article list item; the body is left for the article page. */
export const ARTICLE_SUMMARY_FIELDS = ['title', 'slug', 'excerpt', 'readingTime', 'publishedAt'] as const;

const IMAGE_FIELDS: ('url' | 'alternativeText' | 'width' | 'height' | 'formats')[] = [
  'url',
  'alternativeText',
  'width',
  'height',
  'formats',
];

/** What a card shows beside the text: the cover, the category and who signs. */
export const SUMMARY_POPULATE = {
  cover: { fields: IMAGE_FIELDS },
  category: { fields: ['name', 'slug'] as ('name' | 'slug')[] },
  author: { fields: ['name', 'slug'] as ('name' | 'slug')[] },
};

/** The article page adds the author's bio and avatar and the SEO fields. */
export const PAGE_POPULATE = {
  cover: { fields: IMAGE_FIELDS },
  category: { fields: ['name', 'slug', 'description'] as ('name' | 'slug' | 'description')[] },
  author: {
    fields: ['name', 'slug', 'bio'] as ('name' | 'slug' | 'bio')[],
    populate: { avatar: { fields: IMAGE_FIELDS } },
  },
  seo: { populate: { shareImage: { fields: IMAGE_FIELDS } } },
};

/**
 * `status` is taken, and has no effect: whatever it says, a reader gets the published versions (older
 * clients ask for drafts and must get what anyone gets, not a different answer).
 */
const ANY_STATUS = oneOf('published', 'draft');

/**
 * What a public article list takes (web/src/api/articles.ts): a page, a category, the words of a
 * search in the title or the excerpt. The server decides the fields, the populate and the order.
 */
export const READER_LIST_QUERY: QueryAllowList = {
  'pagination[page]': positiveInteger(),
  'pagination[pageSize]': positiveInteger(100),
  'filters[slug][$eq]': text,
  'filters[category][slug][$eq]': text,
  'filters[$or][*][title][$containsi]': text,
  'filters[$or][*][excerpt][$containsi]': text,
  'filters[$and][*][$or][*][title][$containsi]': text,
  'filters[$and][*][$or][*][excerpt][$containsi]': text,
  status: ANY_STATUS,
};

/** One article by documentId takes nothing but `status`, which changes nothing. */
export const READER_ITEM_QUERY: QueryAllowList = { status: ANY_STATUS };

/** How many articles of the same category the article page suggests. */
export const RELATED_ARTICLES = 3;

function articleMethods({ strapi }: { strapi: Core.Strapi }) {
  return {
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
        populate: SUMMARY_POPULATE,
        status: 'published',
      };
    },

    async findPublishedBySlug(slug: string) {
      return strapi.documents(ARTICLE_UID).findFirst({
        filters: { slug: { $eq: slug } },
        status: 'published',
        populate: PAGE_POPULATE,
      });
    },

    /** The newest published articles of the same category, the article itself left out. */
    async findRelated(article: { documentId: string; category?: { documentId?: string } | null }) {
      const categoryId = article.category?.documentId;
      if (!categoryId) return [];
      const documentIds = await relatedArticles(strapi).newestInCategory(
        categoryId,
        article.documentId,
        RELATED_ARTICLES,
      );
      if (documentIds.length === 0) return [];
      const related = await strapi.documents(ARTICLE_UID).findMany({
        filters: { documentId: { $in: documentIds } },
        fields: [...ARTICLE_SUMMARY_FIELDS],
        populate: SUMMARY_POPULATE,
        status: 'published',
      });
      return documentIds.flatMap((documentId) => related.filter((entry) => entry.documentId === documentId));
    },

    /**
     * The article page's content in one go, or null when no published article has this slug: the
     * article, the groups chosen for it (as `GET /api/community-groups?article=`) and the first page of
     * its comment threads (as `GET /api/articles/:documentId/comments`).
     */
    async findPageBySlug(slug: string) {
      const article = await this.findPublishedBySlug(slug);
      if (!article) return null;
      const [groups, comments, related] = await Promise.all([
        communityGroups(strapi).forCategory(article.category?.name ?? null),
        commentService(strapi).threads(article.documentId, {
          sort: DEFAULT_COMMENT_SORT,
          page: 1,
          pageSize: COMMENTS_PAGE_SIZE,
        }),
        this.findRelated(article),
      ]);
      return { article, groups, comments, related };
    },

    async findPublished(documentId: string) {
      // Only what comments need to know (closed by hand, or by age): not the body.
      return strapi
        .documents(ARTICLE_UID)
        .findOne({ documentId, status: 'published', fields: ['commentsClosed', 'publishedAt'] });
    },
  };
}

export type ArticleService = ReturnType<typeof articleMethods>;

export default factories.createCoreService(ARTICLE_UID, articleMethods);
