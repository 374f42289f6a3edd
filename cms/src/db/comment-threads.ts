import type { Core } from '@strapi/strapi';
import { modelTable, perStrapi } from './schema';

/**
 * The reads behind an article's comment threads, joined from the article's side. The document
 * service filters a relation with LEFT JOINs (comments → link → articles), which SQLite cannot start
 * from the article: it scans every comment of the site for each page of threads (about 15 ms each
 * for 20,000 comments here, three times per article page). Starting from the link table's
 * article_id index reads only the article's own comments.
 */

const COMMENT_UID = 'api::comment.comment';
const ARTICLE_UID = 'api::article.article';

export type ThreadRow = {
  documentId: string;
  authorName: string;
  authorWebsite: string | null;
  content: string;
  createdAt: unknown;
  parentDocumentId: string | null;
  depth: number;
  threadRootId: string | null;
  /** A boolean on PostgreSQL, 0 or 1 on SQLite, null on rows written before the column existed. */
  editorial: boolean | number | null;
};

type CommentAttribute =
  | 'documentId'
  | 'authorName'
  | 'authorWebsite'
  | 'content'
  | 'createdAt'
  | 'parentDocumentId'
  | 'depth'
  | 'threadRootId'
  | 'editorial'
  | 'moderationStatus'
  | 'article';

function createCommentThreadRows(strapi: Core.Strapi) {
  const comments = modelTable<CommentAttribute>(strapi, COMMENT_UID);
  const articles = modelTable<'documentId'>(strapi, ARTICLE_UID);
  const column = (name: CommentAttribute) => `c.${comments.column(name)}`;
  const link = comments.link('article');
  const status = column('moderationStatus');
  const depth = column('depth');
  const threadRoot = column('threadRootId');
  const createdAt = column('createdAt');
  const fields = {
    documentId: column('documentId'),
    authorName: column('authorName'),
    authorWebsite: column('authorWebsite'),
    content: column('content'),
    createdAt,
    parentDocumentId: column('parentDocumentId'),
    depth,
    threadRootId: threadRoot,
    editorial: column('editorial'),
  };

  /**
   * Approved comments linked to any row (draft or published) of the article: a comment is linked to
   * both, so the link rows are a set to look the comments up in, not a join that would repeat them.
   */
  const approvedOf = (documentId: string) => {
    const knex = strapi.db.connection;
    const articleRows = knex(articles.table).where(articles.column('documentId'), documentId).select('id');
    const linked = knex(link.name).whereIn(link.inverseJoinColumn, articleRows).select(link.joinColumn);
    return knex(`${comments.table} as c`).whereIn('c.id', linked).where(status, 'approved');
  };

  const count = async (query: ReturnType<typeof approvedOf>) => {
    const row = (await query.count({ count: '*' }).first()) as { count?: number | string } | undefined;
    return Number(row?.count ?? 0);
  };

  return {
    /** One page of top-level comments, oldest or newest first (ties in insertion order). */
    async roots(documentId: string, options: { newestFirst: boolean; offset: number; limit: number }) {
      const direction = options.newestFirst ? 'desc' : 'asc';
      return (await approvedOf(documentId)
        .where(depth, 1)
        .select(fields)
        .orderBy([
          { column: createdAt, order: direction },
          { column: 'c.id', order: direction },
        ])
        .offset(options.offset)
        .limit(options.limit)) as ThreadRow[];
    },

    countRoots(documentId: string) {
      return count(approvedOf(documentId).where(depth, 1));
    },

    countAll(documentId: string) {
      return count(approvedOf(documentId));
    },

    /** The replies under these threads, oldest first. */
    async replies(documentId: string, rootIds: string[]) {
      if (rootIds.length === 0) return [];
      return (await approvedOf(documentId)
        .whereIn(threadRoot, rootIds)
        .select(fields)
        .orderBy([
          { column: createdAt, order: 'asc' },
          { column: 'c.id', order: 'asc' },
        ])) as ThreadRow[];
    },
  };
}

/** The thread reads of this Strapi instance (names resolved once). */
export const commentThreadRows = perStrapi(createCommentThreadRows);

export type CommentThreadRows = ReturnType<typeof createCommentThreadRows>;
