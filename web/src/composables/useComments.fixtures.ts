import type { CommentThread } from '@kiosque/shared';

/** Test data: an approved top-level comment as the CMS sends it in a thread list, with no replies. */
export function commentThread(documentId: string, overrides: Partial<CommentThread> = {}): CommentThread {
  return {
    documentId,
    authorName: 'Moussa',
    authorWebsite: null,
    content: 'Merci !',
    createdAt: '2026-03-12T10:00:00.000Z',
    parentDocumentId: null,
    depth: 1,
    editorial: false,
    replies: [],
    ...overrides,
  };
}
