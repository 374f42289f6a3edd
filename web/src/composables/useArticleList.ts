import { shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import type { ArticleSummary, ListResponse, Pagination } from '@kiosque/shared';
import { fetchArticles, type ArticleListQuery } from '../api/articles';
import { usePageResource } from './usePageResource';

const keyOf = (query: ArticleListQuery): string => `articles:${JSON.stringify(query)}`;

/**
 * One page of published article cards (home, a category, a search), loaded again whenever the query
 * changes; a `null` query loads nothing (e.g. an empty search). Only the latest request may write its
 * answer, so a slow older page never replaces a newer one.
 */
export function useArticleList(query: MaybeRefOrGetter<ArticleListQuery | null>) {
  const articles = shallowRef<ArticleSummary[]>([]);
  const pagination = shallowRef<Pagination | null>(null);

  function show(response: ListResponse<ArticleSummary> | null): void {
    articles.value = response?.data ?? [];
    pagination.value = response?.meta.pagination ?? null;
  }

  // Keyed by the query as JSON: a getter builds a new object each time, with the same content.
  const { loading, error, reload } = usePageResource({
    source: () => toValue(query),
    key: keyOf,
    fetch: fetchArticles,
    show,
  });

  return { articles, pagination, loading, error, reload };
}
