import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { ArticleSummary, Pagination } from '@kiosque/shared';
import { fetchArticles, type ArticleListQuery } from '../api/articles';
import { toApiError, type ApiError } from '../api/client';
import { useLatestRequest } from './useLatestRequest';

/**
 * One page of published article cards (home, a category, a search), loaded again whenever the query
 * changes; a `null` query loads nothing (e.g. an empty search). Only the latest request may write its
 * answer, so a slow older page never replaces a newer one.
 */
export function useArticleList(query: MaybeRefOrGetter<ArticleListQuery | null>) {
  const articles = shallowRef<ArticleSummary[]>([]);
  const pagination = shallowRef<Pagination | null>(null);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const requests = useLatestRequest();

  async function load(): Promise<void> {
    const isLatest = requests.begin();
    const current = toValue(query);
    error.value = null;
    if (current === null) {
      articles.value = [];
      pagination.value = null;
      loading.value = false;
      return;
    }
    loading.value = true;
    try {
      const response = await fetchArticles(current);
      if (!isLatest()) return;
      articles.value = response.data;
      pagination.value = response.meta.pagination ?? null;
    } catch (caught) {
      if (isLatest()) error.value = toApiError(caught);
    } finally {
      if (isLatest()) loading.value = false;
    }
  }

  // Compared as JSON: a getter builds a new object each time, with the same content.
  watch(
    () => JSON.stringify(toValue(query)),
    () => void load(),
    { immediate: true },
  );

  return { articles, pagination, loading, error, reload: load };
}
