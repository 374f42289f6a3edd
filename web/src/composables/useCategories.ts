import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { Category } from '@kiosque/shared';
import { fetchCategories, fetchCategory } from '../api/categories';
import { toApiError, type ApiError } from '../api/client';
import { useLatestRequest } from './useLatestRequest';
import { usePageState } from './usePageState';

const CATEGORIES_KEY = 'categories';

// In the browser the header asks once per visit (categories change rarely, and every page shows
// them), or not at all when the page came rendered with them. Never kept across server renders.
let allCategories: Promise<Category[]> | null = null;

/** Every category, by name, for the navigation; an empty list while loading or when the API fails. */
export function useCategories() {
  const categories = shallowRef<Category[]>([]);
  const pageState = usePageState();
  const given = pageState.take<Category[]>(CATEGORIES_KEY);
  if (given) allCategories = Promise.resolve(given);
  const loading = pageState.server
    ? fetchCategories()
    : (allCategories ??= fetchCategories().catch((caught: unknown) => {
        allCategories = null;
        throw caught;
      }));
  if (given) categories.value = given;
  const shown = loading.then(
    (list) => {
      categories.value = list;
      pageState.put(CATEGORIES_KEY, list);
    },
    // A page without its menu still reads well: the render goes on, the browser asks again.
    () => (categories.value = []),
  );
  pageState.prefetch(() => shown);
  return { categories };
}

const keyOf = (slug: string): string => `category:${slug}`;

/** The category with this slug; `notFound` and `error` are apart, as the page shows a 404 for one. */
export function useCategory(slug: MaybeRefOrGetter<string>) {
  const category = shallowRef<Category | null>(null);
  const loading = ref(true);
  const notFound = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const requests = useLatestRequest();
  const pageState = usePageState();
  let running: Promise<void> | undefined;

  async function load(): Promise<void> {
    const isLatest = requests.begin();
    const key = keyOf(toValue(slug));
    loading.value = true;
    notFound.value = false;
    error.value = null;
    try {
      const found = await fetchCategory(toValue(slug));
      if (!isLatest()) return;
      category.value = found;
      notFound.value = found === null;
      pageState.put(key, found);
      if (found === null) pageState.notFound();
    } catch (caught) {
      if (!isLatest()) return;
      error.value = toApiError(caught);
      pageState.unavailable(error.value);
    } finally {
      if (isLatest()) loading.value = false;
    }
  }

  watch(
    () => toValue(slug),
    (current) => {
      const given = pageState.take<Category>(keyOf(current));
      if (given === undefined) return void (running = load());
      requests.supersede();
      category.value = given;
      notFound.value = given === null;
      loading.value = false;
    },
    { immediate: true },
  );
  pageState.prefetch(() => running);

  return { category, loading, notFound, error, reload: load };
}
