import type { CommunityGroup, ListResponse } from '@kiosque/shared';
import { api } from './client';

/** Active community groups, in the order editors chose. */
export async function fetchCommunityGroups(): Promise<CommunityGroup[]> {
  const response = await api.get<ListResponse<CommunityGroup>>('/community-groups');
  return response.data.data;
}
