import * as React from 'react';
import { Link as RouterLink, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Flex, Link, Typography } from '@strapi/design-system';
import { QUEUE_ORDER, STATUS_GROUP_LABELS, type CommentStatus } from '@kiosque/shared';
import { ThreadDialog } from './CommentThread';
import { useCommentStatusCountsQuery } from './moderation-api';
import { statusFilterOf, withStatusFilter } from './paths';
import { COMMENT_UID } from './useModeration';

/**
 * The queue's quick filters above the comment list: « En attente (N) · Approuvés (N) · Spam (N) ·
 * Rejetés (N) · Tous (N) », pending first, the current one marked. Injected in every list (the
 * content manager's listView.actions zone), shown on the comments' only; with the rows' thread
 * dialog, which lives here, out of the table that each refetch renders again.
 */
export function StatusFilters() {
  const { slug } = useParams<{ slug: string }>();
  if (slug !== COMMENT_UID) return null;
  return (
    <>
      <CommentStatusFilters />
      <ThreadDialog />
    </>
  );
}

function CommentStatusFilters() {
  const { search } = useLocation();
  const navigate = useNavigate();
  const { data: counts } = useCommentStatusCountsQuery();
  const current = statusFilterOf(search);

  // The list opens on what waits for an editor: arriving with no filter and no search (the menu's
  // link) shows the pending comments, oldest first. Once: « Tous » shows everything afterwards, and
  // a filter the editor chose is the one the content manager restores next time.
  React.useEffect(() => {
    const query = new URLSearchParams(search);
    if (statusFilterOf(search) !== 'all' || query.has('_q')) return;
    const pending = new URLSearchParams(withStatusFilter(search, 'pending'));
    pending.set('sort', 'createdAt:ASC');
    navigate({ search: `?${pending.toString()}` }, { replace: true });
    // On arrival only: the search and navigate of the first render.
  }, []);

  const total = counts ? QUEUE_ORDER.reduce((sum, status) => sum + counts[status], 0) : undefined;
  const filters: Array<{ key: CommentStatus | 'all'; label: string; count?: number }> = [
    ...QUEUE_ORDER.map((status) => ({
      key: status,
      label: STATUS_GROUP_LABELS[status],
      count: counts?.[status],
    })),
    { key: 'all', label: 'Tous', count: total },
  ];
  return (
    <Flex tag="nav" aria-label="Commentaires par statut" gap={3} data-testid="status-filters">
      {filters.map((filter) => {
        const text = `${filter.label} (${filter.count ?? '…'})`;
        return filter.key === current ? (
          <Typography key={filter.key} fontWeight="bold" aria-current="page" data-status-filter={filter.key}>
            {text}
          </Typography>
        ) : (
          <Link
            key={filter.key}
            tag={RouterLink}
            to={{ search: withStatusFilter(search, filter.key) }}
            data-status-filter={filter.key}
          >
            {text}
          </Link>
        );
      })}
    </Flex>
  );
}
