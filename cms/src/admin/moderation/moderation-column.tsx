import type { CommentStatus } from '@kiosque/shared';
import { ModerationButtons } from './ModerationButtons';

type Header = Record<string, unknown> & { name: string };
type ColumnHookArgs = {
  displayedHeaders: Header[];
  layout: { metadatas?: Record<string, unknown> };
};

/**
 * Adds the « Modérer » column to the comment list only: the hook runs for every list, and the
 * comment type is the one with a moderation status (the hook is not told the model's uid).
 */
export function moderationColumn({ displayedHeaders, layout }: ColumnHookArgs): ColumnHookArgs {
  if (
    !layout.metadatas ||
    !('moderationStatus' in layout.metadatas) ||
    !('threadRootId' in layout.metadatas)
  ) {
    return { displayedHeaders, layout };
  }
  const column: Header = {
    name: 'kiosqueModeration',
    label: { id: 'kiosque.moderation.column', defaultMessage: 'Modérer' },
    attribute: { type: 'custom' },
    searchable: false,
    sortable: false,
    cellFormatter: (row: { documentId: string; moderationStatus?: CommentStatus; authorName?: string }) => (
      <ModerationButtons
        documentId={row.documentId}
        status={row.moderationStatus ?? 'pending'}
        authorName={row.authorName ?? ''}
      />
    ),
  };
  return { displayedHeaders: [column, ...displayedHeaders], layout };
}
