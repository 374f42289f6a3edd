import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  buildThreads,
  commentsAreOpen,
  type ArticleCommentState,
  type CommentCreated,
  type CommentSort,
  type CommentStatus,
  type CommentThreadsResponse,
  type PublicComment,
} from '@kiosque/shared';
import { commentCounts } from '../../../db/comment-counts';
import { commentThreadRows } from '../../../db/comment-threads';
import { DOCUMENT_ID } from '../../../db/schema';
import { articles, commentSettings } from '../../../services';
import { answerFor, articleNotFound } from './comment-errors';

/** The read model of comments: what readers (and the write path, for a retried key) are shown. */

const COMMENT_UID = 'api::comment.comment';

/** The only fields of a comment any public endpoint returns. */
export const PUBLIC_COMMENT_FIELDS = [
  'authorName',
  'authorWebsite',
  'content',
  'createdAt',
  'parentDocumentId',
  'depth',
  'editorial',
] as const;

const PUBLIC_SORTS = new Set(['createdAt:asc', 'createdAt:desc']);

/**
 * The one answer to any query the public comment list does not take: a filter, sort, populate or
 * field on anything else would let a visitor probe private fields or unpublished articles, and a
 * different message per key would say which keys exist.
 */
export const PUBLIC_LIST_QUERY_MESSAGE =
  'La liste publique des commentaires accepte seulement filters[article][documentId][$eq], pagination[page], pagination[pageSize] et sort=createdAt:asc ou createdAt:desc.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

const PAGE_NUMBER = /^[1-9][0-9]{0,5}$/;

/** The article a valid public list query names (undefined: every article), or an error. */
function checkPublicListQuery(query: Record<string, unknown>): { articleDocumentId?: string } {
  const refuse = () => new errors.ValidationError(PUBLIC_LIST_QUERY_MESSAGE);
  if (!hasOnlyKeys(query, ['filters', 'pagination', 'sort'])) throw refuse();
  if (query.sort !== undefined && !(typeof query.sort === 'string' && PUBLIC_SORTS.has(query.sort))) {
    throw refuse();
  }
  const { pagination, filters } = query;
  if (pagination !== undefined) {
    if (!isRecord(pagination) || !hasOnlyKeys(pagination, ['page', 'pageSize'])) throw refuse();
    for (const value of Object.values(pagination)) {
      if (typeof value !== 'string' || !PAGE_NUMBER.test(value)) throw refuse();
    }
  }
  if (filters === undefined) return {};
  const article = isRecord(filters) && hasOnlyKeys(filters, ['article']) ? filters.article : undefined;
  const documentId =
    isRecord(article) && hasOnlyKeys(article, ['documentId']) ? article.documentId : undefined;
  const equals = isRecord(documentId) && hasOnlyKeys(documentId, ['$eq']) ? documentId.$eq : undefined;
  if (typeof equals !== 'string' || !DOCUMENT_ID.test(equals)) throw refuse();
  return { articleDocumentId: equals };
}

function toPublicComment(row: Record<string, unknown>): PublicComment {
  return {
    documentId: String(row.documentId),
    authorName: String(row.authorName ?? ''),
    authorWebsite:
      typeof row.authorWebsite === 'string' && row.authorWebsite !== '' ? row.authorWebsite : null,
    content: String(row.content ?? ''),
    createdAt: new Date(row.createdAt as string).toISOString(),
    parentDocumentId: typeof row.parentDocumentId === 'string' ? row.parentDocumentId : null,
    depth: typeof row.depth === 'number' ? row.depth : 1,
    editorial: row.editorial === true || row.editorial === 1,
  };
}

export function commentReads(strapi: Core.Strapi) {
  return {
    /**
     * The query a public flat comment list runs with: approved comments of published articles only,
     * public fields only, no populate, oldest first. The client may name one article, pick a page and
     * the order; any other key, filter, sort, populate or field is refused with one message (see
     * PUBLIC_LIST_QUERY_MESSAGE).
     */
    publicListQuery(query: Record<string, unknown>): Record<string, unknown> {
      const { articleDocumentId } = checkPublicListQuery(query);
      const visible: Record<string, unknown>[] = [
        { moderationStatus: { $eq: 'approved' } },
        // An unpublished article keeps only its draft row: its comments are listed nowhere.
        { article: { publishedAt: { $notNull: true } } },
      ];
      if (articleDocumentId !== undefined)
        visible.push({ article: { documentId: { $eq: articleDocumentId } } });
      return {
        filters: { $and: visible },
        pagination: query.pagination,
        fields: [...PUBLIC_COMMENT_FIELDS],
        sort: typeof query.sort === 'string' ? query.sort : 'createdAt:asc',
      };
    },

    /** A page of an article's approved top-level comments, each with its approved replies nested. */
    async threads(
      articleDocumentId: string,
      options: { sort: CommentSort; page: number; pageSize: number },
    ): Promise<CommentThreadsResponse> {
      const article = await articles(strapi).findPublished(articleDocumentId);
      if (!article) throw articleNotFound();

      const rows = commentThreadRows(strapi);
      const [roots, rootCount, total] = await Promise.all([
        rows.roots(articleDocumentId, {
          newestFirst: options.sort === 'newest',
          offset: (options.page - 1) * options.pageSize,
          limit: options.pageSize,
        }),
        rows.countRoots(articleDocumentId),
        rows.countAll(articleDocumentId),
      ]);
      const replies = await rows.replies(
        articleDocumentId,
        roots.map((root) => root.documentId),
      );
      const rootOf = new Map(replies.map((reply) => [reply.documentId, String(reply.threadRootId)]));

      return {
        data: buildThreads(
          roots.map((root) => toPublicComment(root)),
          replies.map((reply) => toPublicComment(reply)),
          rootOf,
        ),
        meta: {
          pagination: {
            page: options.page,
            pageSize: options.pageSize,
            pageCount: Math.ceil(rootCount / options.pageSize),
            total: rootCount,
          },
          total,
          sort: options.sort,
        },
      };
    },

    /** Approved comments per article documentId, in one grouped query whatever the number of articles. */
    approvedCounts(articleDocumentIds: string[]): Promise<Map<string, number>> {
      return commentCounts(strapi).approvedCounts(articleDocumentIds);
    },

    async isOpen(article: ArticleCommentState): Promise<boolean> {
      return commentsAreOpen(article, await commentSettings(strapi).current());
    },

    /** The answer given to the submission stored under this Idempotency-Key, if any. */
    async findByIdempotencyKey(idempotencyKey: string): Promise<CommentCreated | null> {
      const earlier = await strapi.documents(COMMENT_UID).findFirst({
        filters: { idempotencyKey: { $eq: idempotencyKey } },
        fields: ['moderationStatus'],
      });
      return earlier ? answerFor(earlier.documentId, earlier.moderationStatus as CommentStatus) : null;
    },
  };
}
