import { Link as RouterLink } from 'react-router-dom';
import { Flex, Link, Typography } from '@strapi/design-system';
import type { CommentStatus } from '@kiosque/shared';
import { ThreadButton } from './CommentThread';
import { ModerationButtons } from './ModerationButtons';
import { articleEditPath } from './paths';

type Header = Record<string, unknown> & { name: string };
type ColumnHookArgs = {
  displayedHeaders: Header[];
  layout: { metadatas?: Record<string, unknown> };
};
type CommentRow = {
  documentId: string;
  moderationStatus?: CommentStatus;
  authorName?: string;
  article?: { documentId?: string; title?: string } | null;
};

/** The article column's cell: the article's title, a link to its edit view (the row opens the comment). */
function ArticleCell({ article }: { article: CommentRow['article'] }) {
  if (!article?.documentId) return <Typography textColor="neutral600">-</Typography>;
  return (
    <Link
      tag={RouterLink}
      to={articleEditPath(article.documentId)}
      onClick={(event: React.MouseEvent) => event.stopPropagation()}
      data-article-link={article.documentId}
    >
      {article.title || 'Sans titre'}
    </Link>
  );
}

/**
 * Adds the « Modérer » column (the three one-click buttons and « Fil », the thread in a dialog) to
 * the comment list only, and makes its article column a link: the hook runs for every list, and the
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
    cellFormatter: (row: CommentRow) => (
      <Flex gap={1}>
        <ModerationButtons
          documentId={row.documentId}
          status={row.moderationStatus ?? 'pending'}
          authorName={row.authorName ?? ''}
        />
        <ThreadButton documentId={row.documentId} authorName={row.authorName ?? ''} />
      </Flex>
    ),
  };
  const headers = displayedHeaders.map((header) =>
    header.name === 'article'
      ? { ...header, cellFormatter: (row: CommentRow) => <ArticleCell article={row.article} /> }
      : header,
  );
  return { displayedHeaders: [column, ...headers], layout };
}
