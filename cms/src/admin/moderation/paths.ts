import type { CommentStatus } from '@kiosque/shared';
import { COMMENT_UID } from './useModeration';

/** The content manager's list of comments, under the admin's router (no /admin prefix). */
export const COMMENT_LIST_PATH = `/content-manager/collection-types/${COMMENT_UID}`;

/** The filter the content manager's own filter menu writes for « Statut est … ». */
const STATUS_FILTER = 'filters[$and][0][moderationStatus][$eq]';

/** The comment list filtered on pending comments, the oldest first (they have waited longest). */
export const PENDING_COMMENTS_PATH = `${COMMENT_LIST_PATH}?page=1&pageSize=100&sort=createdAt:ASC&${STATUS_FILTER}=pending`;

/** The status the list's query filters on alone, if it does (the quick filters' current one). */
export function statusFilterOf(search: string): CommentStatus | 'all' | 'other' {
  const query = new URLSearchParams(search);
  const filterKeys = [...query.keys()].filter((key) => key.startsWith('filters'));
  if (filterKeys.length === 0) return 'all';
  if (filterKeys.length === 1 && filterKeys[0] === STATUS_FILTER) {
    return query.get(STATUS_FILTER) as CommentStatus;
  }
  return 'other';
}

/**
 * The list's query shown with one quick filter (a status, or every comment): the page's size, sort
 * and text search kept, any other filter dropped, back to the first page.
 */
export function withStatusFilter(search: string, status: CommentStatus | 'all'): string {
  const query = new URLSearchParams(search);
  for (const key of [...query.keys()]) {
    if (key.startsWith('filters') || key === 'page') query.delete(key);
  }
  query.set('page', '1');
  if (status !== 'all') query.set(STATUS_FILTER, status);
  return `?${query.toString()}`;
}

/** An article's edit view in the content manager. */
export const articleEditPath = (documentId: string) =>
  `/content-manager/collection-types/api::article.article/${encodeURIComponent(documentId)}`;
