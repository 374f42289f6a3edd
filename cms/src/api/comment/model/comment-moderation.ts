import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  EDITORIAL_AUTHOR_NAME,
  placementUnder,
  type CommentStatus,
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
