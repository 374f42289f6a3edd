import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { CommunityGroup } from '@kiosque/shared';
import { fetchCommunityGroups } from '../api/groups';
import { toApiError, type ApiError } from '../api/client';

/** The community groups an article invites its readers to join, in display order. */
export function useCommunityGroups(article?: MaybeRefOrGetter<string | undefined>) {
  const groups = shallowRef<CommunityGroup[]>([]);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  let latestRequest = 0;

  async function load(): Promise<void> {
    const request = ++latestRequest;
    loading.value = true;
    error.value = null;
    try {
      const result = await fetchCommunityGroups(toValue(article));
      if (request === latestRequest) groups.value = result;
    } catch (caught) {
      if (request !== latestRequest) return;
      groups.value = [];
      error.value = toApiError(caught);
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  watch(
    () => toValue(article),
    () => void load(),
    { immediate: true },
  );

  return { groups, loading, error, reload: load };
}
