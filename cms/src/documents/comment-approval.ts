import type { Core } from '@strapi/strapi';
import { comments } from '../services';

const COMMENT_UID = 'api::comment.comment';

/**
 * Tells the comment service when a comment becomes approved through the Document Service, whoever
 * writes it: an editor in the admin, a moderator's one-click link (api/mail), an editorial reply
 * created approved. Readers' comments approved at once never pass here (the write path inserts them
 * itself and says so). What follows (a reply notification) is queued, never awaited by the editor's
 * save beyond the queueing, and a failure there never fails the save.
 */
export function registerCommentApproval(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== COMMENT_UID || (context.action !== 'create' && context.action !== 'update')) {
      return next();
    }
    const params = context.params as { documentId?: string; data?: { moderationStatus?: unknown } };
    if (params.data?.moderationStatus !== 'approved') return next();
    const before =
      context.action === 'update' && params.documentId
        ? ((await strapi
            .documents(COMMENT_UID)
            .findOne({ documentId: params.documentId, fields: ['moderationStatus'] })) as {
            moderationStatus?: string;
          } | null)
        : null;
    const result = await next();
    const documentId = (result as { documentId?: string } | null)?.documentId;
    if (before?.moderationStatus !== 'approved' && documentId) {
      await comments(strapi)
        .becameApproved(documentId)
        .catch((error: unknown) =>
          strapi.log.warn(`Approval of ${documentId} not announced (${String(error)}).`),
        );
    }
    return result;
  });
}
