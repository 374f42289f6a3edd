import type { Core } from '@strapi/strapi';
import { beforeWrite } from './before-write';

/**
 * What the CMS computes or records about a comment (its place in the thread, why it was held, who
 * wrote it from where, the editorial flag): the comment service writes them, an editor never does.
 * The schema marks them `writable: false`, which Strapi's content-API input sanitiser honours and the
 * content manager does not (tests/comment-moderation.spec.ts saw it store them); this drops them from
 * whatever the content manager's routes send, so that a crafted request cannot move a comment to
 * another thread, fake an editorial answer or overwrite a hash.
 */
export const COMMENT_INTERNAL_FIELDS = [
  'depth',
  'threadRootId',
  'parentDocumentId',
  'editorial',
  'moderationReason',
  'ipHash',
  'userAgent',
  'idempotencyKey',
  'authorKeyHash',
  // The reader's consent to reply mails: theirs to give or withdraw (by the mail's unsubscribe link).
  'notifyReplies',
  'notifyPublished',
] as const;

const CONTENT_MANAGER_PATH = /^\/content-manager\//;

export function registerCommentInternalFields(strapi: Core.Strapi): void {
  beforeWrite<Record<string, unknown>>(strapi, 'api::comment.comment', (data) => {
    const request = strapi.requestContext.get();
    if (!request || !CONTENT_MANAGER_PATH.test(request.path)) return;
    for (const field of COMMENT_INTERNAL_FIELDS) delete data[field];
  });
}
