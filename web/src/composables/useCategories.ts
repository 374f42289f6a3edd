import { shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import type { Category } from '@kiosque/shared';
import { fetchCategories, fetchCategory } from '../api/categories';
import { usePageResource } from './usePageResource';
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
  const { loading, notFound, error, reload } = usePageResource({
    source: () => toValue(slug),
    key: keyOf,
    fetch: fetchCategory,
    show: (found: Category | null) => (category.value = found),
  });
  return { category, loading, notFound, error, reload };
}
