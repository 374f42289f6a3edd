import { ref, shallowRef } from 'vue';
import type { CommunityGroup } from '@kiosque/shared';
import { fetchCommunityGroups } from '../api/groups';
import { toApiError, type ApiError } from '../api/client';

/** The community groups readers are invited to join, in display order. */
export function useCommunityGroups() {
  const groups = shallowRef<CommunityGroup[]>([]);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      groups.value = await fetchCommunityGroups();
    } catch (caught) {
      error.value = toApiError(caught);
    } finally {
      loading.value = false;
    }
  }

  void load();

  return { groups, loading, error, reload: load };
}
