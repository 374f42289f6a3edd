import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  EDITORIAL_AUTHOR_NAME,
  QUEUE_ORDER,
  THREAD_REPLIES_MAX,
  commentExcerpt,
  placementUnder,
  type CommentStatus,
  type CommentStatusCounts,
  type ModerationThread,
  type ThreadComment,
  type ModerationRequest,
  type ModerationResult,
  type ParentComment,
} from '@kiosque/shared';
import { articles } from '../../../services';

/**
 * What editors do to comments from the admin: change their status (one or a page of them at once)
 * and answer as the editorial team. Every write goes through the document service, so that the
 * response cache, the event hub (webhooks) and any document middleware see a moderation exactly as
 * they see an edit in the content manager.
 */

const COMMENT_UID = 'api::comment.comment';

/** What the thread view reads of each comment: never the e-mail, the address hash or the keys. */
const THREAD_FIELDS = [
  'authorName',
  'content',
  'createdAt',
  'moderationStatus',
  'moderationReason',
  'editorial',
  'parentDocumentId',
] as const;

function toThreadComment(row: Record<string, unknown>): ThreadComment {
  return {
    documentId: String(row.documentId),
    authorName: String(row.authorName ?? ''),
    excerpt: commentExcerpt(String(row.content ?? '')),
    createdAt: new Date(row.createdAt as string).toISOString(),
    moderationStatus: row.moderationStatus as CommentStatus,
    moderationReason:
      typeof row.moderationReason === 'string' && row.moderationReason !== '' ? row.moderationReason : null,
    editorial: row.editorial === true || row.editorial === 1,
  };
}

/** The one who acts, as the admin authenticated them. */
export interface Editor {
  email: string;
}

export function commentModeration(strapi: Core.Strapi) {
  const documents = () => strapi.documents(COMMENT_UID);

  return {
    /**
     * Gives every comment named the status, in one transaction: either all of them change or none
     * (an unknown id refuses the whole request with 404, so that a page acted on is never half done).
     * Comments that already have the status are left untouched (no event, no cache purge for them).
     */
    async moderate(request: ModerationRequest): Promise<ModerationResult> {
      const { documentIds, status } = request;
      return strapi.db.transaction(async () => {
        const found = await documents().findMany({
          filters: { documentId: { $in: documentIds } },
          fields: ['moderationStatus'],
          limit: documentIds.length,
        });
        const statusOf = new Map(found.map((comment) => [comment.documentId, comment.moderationStatus]));
        const missing = documentIds.filter((documentId) => !statusOf.has(documentId));
        if (missing.length > 0) {
          throw new errors.NotFoundError(
            missing.length === 1
              ? 'Ce commentaire n’existe pas (ou plus) : rien n’a été changé.'
              : `${missing.length} de ces commentaires n’existent pas (ou plus) : rien n’a été changé.`,
            { missing },
          );
        }
        const updated: string[] = [];
        const unchanged: string[] = [];
        for (const documentId of documentIds) {
          if (statusOf.get(documentId) === status) {
            unchanged.push(documentId);
            continue;
          }
          await documents().update({ documentId, data: { moderationStatus: status } });
          updated.push(documentId);
        }
        return { status, updated, unchanged };
      });
    },

    pendingCount(): Promise<number> {
      return documents().count({ filters: { moderationStatus: { $eq: 'pending' } } });
    },

    /** How many comments have each status (four indexed counts: cheaper than reading the rows). */
    async statusCounts(): Promise<CommentStatusCounts> {
      const counts = await Promise.all(
        QUEUE_ORDER.map((status) => documents().count({ filters: { moderationStatus: { $eq: status } } })),
      );
      return Object.fromEntries(
        QUEUE_ORDER.map((status, index) => [status, counts[index]]),
      ) as CommentStatusCounts;
    },

    /**
     * A comment with the one it answers and the answers to it, whatever their status (an editor
     * judges a reply by what it replies to), and its article's title.
     */
    async thread(documentId: string): Promise<ModerationThread> {
      const comment = await documents().findOne({
        documentId,
        fields: [...THREAD_FIELDS],
        populate: { article: { fields: ['title'] } },
      });
      if (!comment) throw new errors.NotFoundError('Ce commentaire n’existe pas (ou plus).');
      const parentId = typeof comment.parentDocumentId === 'string' ? comment.parentDocumentId : null;
      const repliesFilter = { parentDocumentId: { $eq: documentId } };
      const [parent, replies, replyCount] = await Promise.all([
        parentId ? documents().findOne({ documentId: parentId, fields: [...THREAD_FIELDS] }) : null,
        documents().findMany({
          filters: repliesFilter,
          fields: [...THREAD_FIELDS],
          sort: [{ createdAt: 'asc' }, { id: 'asc' }],
          limit: THREAD_REPLIES_MAX,
        }),
        documents().count({ filters: repliesFilter }),
      ]);
      const article = comment.article as { documentId?: string; title?: string } | null | undefined;
      return {
        comment: toThreadComment(comment),
        article:
          article?.documentId !== undefined
            ? { documentId: article.documentId, title: article.title ?? '' }
            : null,
        parent: parent ? toThreadComment(parent) : null,
        replies: replies.map(toThreadComment),
        moreReplies: Math.max(0, replyCount - replies.length),
      };
    },

    /**
     * The editorial team's answer to a comment, published at once: approved, flagged `editorial`,
     * signed EDITORIAL_AUTHOR_NAME, placed in the thread as a reader's reply would be. The parent
     * must be approved on a published article: an answer to a comment readers cannot see would hang
     * in the void (approve it first).
     */
    async replyAsEditorial(parentDocumentId: string, content: string, editor: Editor) {
      const parent = await documents().findOne({
        documentId: parentDocumentId,
        fields: ['moderationStatus', 'depth', 'parentDocumentId', 'threadRootId'],
        populate: { article: { fields: ['documentId'] } },
      });
      if (!parent) throw new errors.NotFoundError('Ce commentaire n’existe pas (ou plus).');
      const articleDocumentId = (parent.article as { documentId?: string } | null)?.documentId;
      const article = articleDocumentId ? await articles(strapi).findPublished(articleDocumentId) : null;
      if (!article) {
        throw new errors.ApplicationError(
          'L’article de ce commentaire n’est pas publié : la réponse ne serait lue par personne.',
        );
      }
      const placement = placementUnder({
        documentId: parent.documentId,
        depth: parent.depth ?? null,
        parentDocumentId: parent.parentDocumentId ?? null,
        threadRootId: parent.threadRootId ?? null,
        moderationStatus: parent.moderationStatus as CommentStatus,
      } satisfies ParentComment);
      if (!placement) {
        throw new errors.ApplicationError(
          'Approuvez d’abord ce commentaire : les lecteurs ne voient pas encore ce à quoi vous répondez.',
        );
      }
      const created = await documents().create({
        data: {
          article: articleDocumentId,
          authorName: EDITORIAL_AUTHOR_NAME,
          // Private, as every commenter's: it says which editor wrote it, and where a reply to it goes.
          authorEmail: editor.email,
          content,
          moderationStatus: 'approved',
          editorial: true,
          depth: placement.depth,
          parentDocumentId: placement.parentDocumentId,
          threadRootId: placement.threadRootId,
        },
      });
      return {
        documentId: created.documentId,
        authorName: EDITORIAL_AUTHOR_NAME,
        content,
        editorial: true,
        depth: placement.depth,
        parentDocumentId: placement.parentDocumentId ?? null,
        createdAt: new Date(created.createdAt as string).toISOString(),
      };
    },
  };
}
