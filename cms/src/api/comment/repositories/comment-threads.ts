import type { Core } from '@strapi/strapi';

/**
 * The reads behind an article's comment threads, joined from the article's side. The document
 * service filters a relation with LEFT JOINs (comments → link → articles), which SQLite cannot start
 * from the article: it scans every comment of the site for each page of threads (about 15 ms each
 * for 20,000 comments here, three times per article page). Starting from the link table's
 * article_id index reads only the article's own comments.
 */

const COMMENT_UID = 'api::comment.comment';
const ARTICLE_UID = 'api::article.article';

interface Attribute {
  columnName?: string;
  joinTable?: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
}

export type ThreadRow = {
  documentId: string;
  authorName: string;
  authorWebsite: string | null;
  content: string;
  createdAt: unknown;
  parentDocumentId: string | null;
  depth: number;
  threadRootId: string | null;
};

export function commentThreadRows(strapi: Core.Strapi) {
  const comment = strapi.db.metadata.get(COMMENT_UID);
  const article = strapi.db.metadata.get(ARTICLE_UID);
  const attributes = comment.attributes as Record<string, Attribute>;
  const column = (name: string, fallback: string) => `c.${attributes[name]?.columnName ?? fallback}`;
  const link = attributes.article.joinTable!;
  const articleDocumentId =
    (article.attributes as Record<string, Attribute>).documentId?.columnName ?? 'document_id';
  const status = column('moderationStatus', 'moderation_status');
  const depth = column('depth', 'depth');
  const threadRoot = column('threadRootId', 'thread_root_id');
  const createdAt = column('createdAt', 'created_at');
  const fields = {
    documentId: column('documentId', 'document_id'),
    authorName: column('authorName', 'author_name'),
    authorWebsite: column('authorWebsite', 'author_website'),
    content: column('content', 'content'),
    createdAt,
    parentDocumentId: column('parentDocumentId', 'parent_document_id'),
    depth,
    threadRootId: threadRoot,
  };

  /**
   * Approved comments linked to any row (draft or published) of the article: a comment is linked to
   * both, so the link rows are a set to look the comments up in, not a join that would repeat them.
   */
  const approvedOf = (documentId: string) => {
    const knex = strapi.db.connection;
    const articleRows = knex(article.tableName).where(articleDocumentId, documentId).select('id');
    const linked = knex(link.name)
      .whereIn(link.inverseJoinColumn.name, articleRows)
      .select(link.joinColumn.name);
    return knex(`${comment.tableName} as c`).whereIn('c.id', linked).where(status, 'approved');
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

export type CommentThreadRows = ReturnType<typeof commentThreadRows>;
