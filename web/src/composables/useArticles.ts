import { computed, ref, shallowRef } from 'vue';
import type { ArticleSummary } from '@kiosque/shared';
import { fetchArticles } from '../api/articles';
import { toApiError, type ApiError } from '../api/client';

/** The home page's list of published articles, newest first, one page at a time. */
export function useArticles() {
  const articles = shallowRef<ArticleSummary[]>([]);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const page = ref(0);
  const pageCount = ref(0);
  // Only the latest request may write its answer: a slow older one must not overwrite a newer list.
  let latestRequest = 0;

  async function loadPage(pageToLoad: number): Promise<void> {
    const request = ++latestRequest;
    loading.value = true;
    error.value = null;
    try {
      const response = await fetchArticles(pageToLoad);
      if (request !== latestRequest) return;
      articles.value = pageToLoad === 1 ? response.data : [...articles.value, ...response.data];
      page.value = pageToLoad;
      pageCount.value = response.meta.pagination?.pageCount ?? pageToLoad;
    } catch (caught) {
      if (request === latestRequest) error.value = toApiError(caught);
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  const hasMore = computed(() => page.value < pageCount.value);
  const reload = (): Promise<void> => loadPage(1);
  const loadMore = (): Promise<void> => loadPage(page.value + 1);

  void reload();

  return { articles, loading, error, hasMore, reload, loadMore };
}
