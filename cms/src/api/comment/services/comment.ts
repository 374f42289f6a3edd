import { factories, type Core } from '@strapi/strapi';
import { commentModeration } from '../model/comment-moderation';
import { commentReads } from '../model/comment-reads';
import { commentWrites } from '../model/comment-writes';
import { mail } from '../../../services';

/**
 * Comments: the read model (model/comment-reads.ts) and the write path (model/comment-writes.ts),
 * whose rules are in @kiosque/shared (comments/rules.ts) and whose SQL is in src/db, and what editors
 * do from the admin (model/comment-moderation.ts).
 */
function commentMethods({ strapi }: { strapi: Core.Strapi }) {
  const reads = commentReads(strapi);
  return {
    ...reads,
    ...commentWrites(strapi, reads.findByIdempotencyKey),
    /**
     * The one hook for "this comment is now approved", whoever approved it (documents/comment-approval.ts
     * calls it for the Document Service's writes): queues the mail to the author of the comment it
     * answers, if they asked for one. Safe to call twice for one comment: one mail.
     */
    becameApproved: (documentId: string): Promise<void> => mail(strapi).commentApproved(documentId),
    ...commentModeration(strapi),
  };
}

export type CommentService = ReturnType<typeof commentMethods>;

export default factories.createCoreService('api::comment.comment', commentMethods);
