import * as React from 'react';
import { useDispatch } from 'react-redux';
import { adminApi, useAPIErrorHandler, useFetchClient, useNotification } from '@strapi/admin/strapi-admin';
import { MODERATION_API, type CommentStatus, type ModerationResult } from '@kiosque/shared';

export const COMMENT_UID = 'api::comment.comment';

/** What each status is called on a button and in the confirmation, in the editors' French. */
export const STATUS_ACTIONS: ReadonlyArray<{
  status: CommentStatus;
  label: string;
  done: (count: number) => string;
  variant: 'success-light' | 'danger-light' | 'tertiary';
}> = [
  {
    status: 'approved',
    label: 'Approuver',
    done: (n) => (n === 1 ? 'Commentaire approuvé.' : `${n} commentaires approuvés.`),
    variant: 'success-light',
  },
  {
    status: 'spam',
    label: 'Spam',
    done: (n) => (n === 1 ? 'Commentaire classé comme spam.' : `${n} commentaires classés comme spam.`),
    variant: 'danger-light',
  },
  {
    status: 'rejected',
    label: 'Rejeter',
    done: (n) => (n === 1 ? 'Commentaire rejeté.' : `${n} commentaires rejetés.`),
    variant: 'tertiary',
  },
];

/**
 * The admin side of moderation: sends the change to the CMS's moderation route, then tells the
 * content manager that its comment list (and the comments' edit views) are stale, so that the rows
 * show their new status without a reload.
 */
export function useModeration() {
  const { post } = useFetchClient();
  const dispatch = useDispatch();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [busy, setBusy] = React.useState(false);

  const refreshComments = React.useCallback(
    (documentIds: string[]) => {
      // The content manager's own cache tags (services/documents in @strapi/content-manager).
      const tags = [
        { type: 'Document', id: `${COMMENT_UID}_LIST` },
        ...documentIds.map((documentId) => ({ type: 'Document', id: `${COMMENT_UID}_${documentId}` })),
      ];
      dispatch(adminApi.util.invalidateTags(tags as never));
    },
    [dispatch],
  );

  const moderate = React.useCallback(
    async (documentIds: string[], status: CommentStatus): Promise<boolean> => {
      const action = STATUS_ACTIONS.find((candidate) => candidate.status === status);
      setBusy(true);
      try {
        const { data } = await post<{ data: ModerationResult }>(MODERATION_API.moderate, {
          documentIds,
          status,
        });
        refreshComments(documentIds);
        toggleNotification({
          type: 'success',
          message: action?.done(data.data.updated.length + data.data.unchanged.length) ?? 'Fait.',
        });
        return true;
      } catch (error) {
        toggleNotification({ type: 'danger', message: formatAPIError(error as never) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [post, refreshComments, toggleNotification, formatAPIError],
  );

  return { moderate, busy, refreshComments };
}
