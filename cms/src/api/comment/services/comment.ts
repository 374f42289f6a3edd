import { factories, type Core } from '@strapi/strapi';
import { commentReads } from '../model/comment-reads';
import { commentWrites } from '../model/comment-writes';

/**
 * Comments: the read model (model/comment-reads.ts) and the write path (model/comment-writes.ts),
 * whose rules are in @kiosque/shared (comments/rules.ts) and whose SQL is in src/db.
 */
function commentMethods({ strapi }: { strapi: Core.Strapi }) {
  const reads = commentReads(strapi);
  return { ...reads, ...commentWrites(strapi, reads.findByIdempotencyKey) };
}

export type CommentService = ReturnType<typeof commentMethods>;

export default factories.createCoreService('api::comment.comment', commentMethods);
