import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { ArticleSummary, ListResponse } from '@kiosque/shared';
import * as articlesApi from '../api/articles';
import { ApiError } from '../api/client';
import { useArticleList } from './useArticleList';

afterEach(() => {
  vi.restoreAllMocks();
});

function answer(titles: string[], page = 1): ListResponse<ArticleSummary> {
  return {
    data: titles.map((title) => ({ documentId: title, title }) as ArticleSummary),
    meta: { pagination: { page, pageSize: 9, pageCount: 3, total: 20 } },
  };
}

function run<T>(composable: () => T): T {
  return effectScope().run(composable) as T;
}

describe('useArticleList', () => {
  it('loads the page asked for, and again when the query changes', async () => {
    const fetch = vi
      .spyOn(articlesApi, 'fetchArticles')
      .mockResolvedValueOnce(answer(['un']))
      .mockResolvedValueOnce(answer(['deux'], 2));
    const page = ref(1);
    const list = run(() => useArticleList(() => ({ page: page.value, category: 'emploi' })));
    expect(list.loading.value).toBe(true);
    await flushPromises();
    expect(list.articles.value.map((article) => article.title)).toEqual(['un']);
    expect(list.pagination.value?.pageCount).toBe(3);

    page.value = 2;
    await nextTick();
    await flushPromises();
    expect(fetch).toHaveBeenLastCalledWith({ page: 2, category: 'emploi' });
    expect(list.articles.value.map((article) => article.title)).toEqual(['deux']);
    expect(list.loading.value).toBe(false);
  });

  it('keeps the newest page when an older request answers last', async () => {
    let answerFirst: (value: ListResponse<ArticleSummary>) => void = () => undefined;
    vi.spyOn(articlesApi, 'fetchArticles')
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(answer(['récent'], 2));
    const page = ref(1);
    const list = run(() => useArticleList(() => ({ page: page.value })));
    page.value = 2;
    await nextTick();
    await flushPromises();
    answerFirst(answer(['ancien']));
    await flushPromises();
    expect(list.articles.value.map((article) => article.title)).toEqual(['récent']);
  });

  it('loads nothing for a null query (an empty search)', async () => {
    const fetch = vi.spyOn(articlesApi, 'fetchArticles');
    const list = run(() => useArticleList(() => null));
    await flushPromises();
    expect(fetch).not.toHaveBeenCalled();
    expect(list.loading.value).toBe(false);
    expect(list.articles.value).toEqual([]);
  });

  it('reports a failure as an ApiError, and can try again', async () => {
    vi.spyOn(articlesApi, 'fetchArticles')
      .mockRejectedValueOnce(new ApiError(null, 'Le serveur ne répond pas.'))
      .mockResolvedValueOnce(answer(['un']));
    const list = run(() => useArticleList(() => ({ page: 1 })));
    await flushPromises();
    expect(list.error.value?.message).toBe('Le serveur ne répond pas.');
    await list.reload();
    expect(list.error.value).toBeNull();
    expect(list.articles.value).toHaveLength(1);
  });
});
