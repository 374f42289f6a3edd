import { useTable } from '@strapi/admin/strapi-admin';
import type { CommentStatus } from '@kiosque/shared';
import { COMMENT_UID, STATUS_ACTIONS, useModeration } from './useModeration';

type BulkProps = { model: string; documents: Array<{ documentId: string }> };
type BulkDescription = { label: string; variant: string; onClick: () => Promise<void> };

/** A bulk action of the comment list: the same change as the row's button, on every selected row. */
function bulkAction(status: CommentStatus, label: string, variant: string) {
  const Action = ({ model, documents }: BulkProps): BulkDescription | null => {
    const { moderate } = useModeration();
    const selectRow = useTable('KiosqueModeration', (state) => state.selectRow);
    if (model !== COMMENT_UID) return null;
    return {
      label,
      variant,
      onClick: async () => {
        if (
          await moderate(
            documents.map((document) => document.documentId),
            status,
          )
        )
          selectRow([]);
      },
    };
  };
  Action.displayName = `Moderate-${status}`;
  return Action;
}

export const MODERATION_BULK_ACTIONS = STATUS_ACTIONS.map((action) =>
  bulkAction(action.status, action.label, action.variant),
);
