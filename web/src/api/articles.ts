import type { ArticlePageData, ArticleSummary, ItemResponse, ListResponse } from '@kiosque/shared';
import { api } from './client';
import { takeEarlyArticlePage } from './early';

export const ARTICLES_PAGE_SIZE = 20;

/** Published articles, newest first (the CMS decides the order and what is populated). */
export async function fetchArticles(
  page = 1,
  pageSize = ARTICLES_PAGE_SIZE,
): Promise<ListResponse<ArticleSummary>> {
  const query = new URLSearchParams({
    'pagination[page]': String(page),
    'pagination[pageSize]': String(pageSize),
  });
  const response = await api.get<ListResponse<ArticleSummary>>(`/articles?${query.toString()}`);
  return response.data;
}

/**
 * Everything the article page shows (the article, the groups to join and the first page of approved
 * comments) in one request; rejects with a 404 ApiError when no published article has this slug.
 */
export async function fetchArticlePage(slug: string): Promise<ArticlePageData> {
  const early = await takeEarlyArticlePage(slug);
  if (early) return early;
  const response = await api.get<ItemResponse<ArticlePageData>>(`/pages/article/${encodeURIComponent(slug)}`);
  return response.data.data;
}
