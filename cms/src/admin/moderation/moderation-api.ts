import { adminApi } from '@strapi/admin/strapi-admin';
import { MODERATION_API, type CommentStatusCounts, type ModerationThread } from '@kiosque/shared';
import { COMMENT_UID } from './useModeration';

/**
 * The queue's reads (counts by status, the thread around a comment) as queries of the admin's own
 * store, tagged with the content manager's cache tags for comments: every change that makes the
 * comment list stale (a moderation here, an edit or a delete in the content manager) reads them again.
 */

const LIST_TAG = { type: 'Document' as const, id: `${COMMENT_UID}_LIST` };
const commentTag = (documentId: string) => ({
  type: 'Document' as const,
  id: `${COMMENT_UID}_${documentId}`,
});

const moderationApi = adminApi.enhanceEndpoints({ addTagTypes: ['Document'] }).injectEndpoints({
  endpoints: (builder) => ({
    commentStatusCounts: builder.query<CommentStatusCounts, void>({
      query: () => MODERATION_API.statusCounts,
      transformResponse: (response: { data: CommentStatusCounts }) => response.data,
      providesTags: [LIST_TAG],
    }),
    commentThread: builder.query<ModerationThread, string>({
      query: (documentId) => MODERATION_API.thread(documentId),
      transformResponse: (response: { data: ModerationThread }) => response.data,
      providesTags: (thread, _error, documentId) => [
        LIST_TAG,
        commentTag(documentId),
        ...(thread
          ? [thread.parent, ...thread.replies].flatMap((comment) =>
              comment ? [commentTag(comment.documentId)] : [],
            )
          : []),
      ],
    }),
  }),
  overrideExisting: false,
});

export const { useCommentStatusCountsQuery, useCommentThreadQuery } = moderationApi;
