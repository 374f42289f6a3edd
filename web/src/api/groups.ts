import { API_ORIGIN } from '../utils/apiOrigin';

/**
 * Where a join button leads: the CMS counts the click (per group and article) and redirects to the
 * group's invite link. No third party sees the reader.
 */
export function groupClickUrl(groupDocumentId: string, articleDocumentId?: string | null): string {
  const url = `${API_ORIGIN}/api/go/${encodeURIComponent(groupDocumentId)}`;
  return articleDocumentId ? `${url}?${new URLSearchParams({ article: articleDocumentId }).toString()}` : url;
}
