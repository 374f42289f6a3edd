import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { ArticleSummary, ListResponse, Pagination } from '@kiosque/shared';
import { fetchArticles, type ArticleListQuery } from '../api/articles';
import { toApiError, type ApiError } from '../api/client';
import { useLatestRequest } from './useLatestRequest';
import { usePageState } from './usePageState';

const keyOf = (query: ArticleListQuery): string => `articles:${JSON.stringify(query)}`;

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
  const pageState = usePageState();
  let running: Promise<void> | undefined;

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
      show(response);
      pageState.put(keyOf(current), response);
    } catch (caught) {
      if (!isLatest()) return;
      error.value = toApiError(caught);
      pageState.unavailable(error.value);
    } finally {
      if (isLatest()) loading.value = false;
    }
  }

  function show(response: ListResponse<ArticleSummary>): void {
    articles.value = response.data;
    pagination.value = response.meta.pagination ?? null;
  }

  // Compared as JSON: a getter builds a new object each time, with the same content.
  watch(
    () => JSON.stringify(toValue(query)),
    () => {
      const current = toValue(query);
      const given =
        current === null ? undefined : pageState.take<ListResponse<ArticleSummary>>(keyOf(current));
      if (!given) return void (running = load());
      requests.supersede();
      show(given);
      loading.value = false;
    },
    { immediate: true },
  );
  pageState.prefetch(() => running);

  return { articles, pagination, loading, error, reload: load };
}
