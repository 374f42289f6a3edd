import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { Category } from '@kiosque/shared';
import { fetchCategories, fetchCategory } from '../api/categories';
import { toApiError, type ApiError } from '../api/client';
import { useLatestRequest } from './useLatestRequest';

// The header asks once per visit: categories change rarely, and every page shows them.
let allCategories: Promise<Category[]> | null = null;

/** Every category, by name, for the navigation; an empty list while loading or when the API fails. */
export function useCategories() {
  const categories = shallowRef<Category[]>([]);
  allCategories ??= fetchCategories().catch((caught: unknown) => {
    allCategories = null;
    throw caught;
  });
  allCategories.then(
    (list) => (categories.value = list),
    () => (categories.value = []),
  );
  return { categories };
}

/** The category with this slug; `notFound` and `error` are apart, as the page shows a 404 for one. */
export function useCategory(slug: MaybeRefOrGetter<string>) {
  const category = shallowRef<Category | null>(null);
  const loading = ref(true);
  const notFound = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const requests = useLatestRequest();

  async function load(): Promise<void> {
    const isLatest = requests.begin();
    loading.value = true;
    notFound.value = false;
    error.value = null;
    try {
      const found = await fetchCategory(toValue(slug));
      if (!isLatest()) return;
      category.value = found;
      notFound.value = found === null;
    } catch (caught) {
      if (isLatest()) error.value = toApiError(caught);
    } finally {
      if (isLatest()) loading.value = false;
    }
  }

  watch(
    () => toValue(slug),
    () => void load(),
    { immediate: true },
  );

  return { category, loading, notFound, error, reload: load };
}
