import type { CommunityGroup, ListResponse } from '@kiosque/shared';
import { API_ORIGIN } from '../utils/apiOrigin';
import { api } from './client';

/**
 * The community groups a page shows, in the order editors chose: for an article (slug or
 * documentId), the groups meant for its category; without one, the general groups. The CMS decides.
 */
export async function fetchCommunityGroups(article?: string): Promise<CommunityGroup[]> {
  const query = article ? `?${new URLSearchParams({ article }).toString()}` : '';
  const response = await api.get<ListResponse<CommunityGroup>>(`/community-groups${query}`);
  return response.data.data;
}

/**
 * Where a join button leads: the CMS counts the click (per group and article) and redirects to the
 * group's invite link. No third party sees the reader.
 */
export function groupClickUrl(groupDocumentId: string, articleDocumentId?: string | null): string {
  const url = `${API_ORIGIN}/api/go/${encodeURIComponent(groupDocumentId)}`;
  return articleDocumentId ? `${url}?${new URLSearchParams({ article: articleDocumentId }).toString()}` : url;
}
