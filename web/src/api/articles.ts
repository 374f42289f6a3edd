import type { Article, ArticleSummary, ItemResponse, ListResponse } from '@kiosque/shared';
import { api } from './client';

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

/** The published article with this slug; rejects with a 404 ApiError when there is none. */
export async function fetchArticleBySlug(slug: string): Promise<Article> {
  const response = await api.get<ItemResponse<Article>>(`/articles/slug/${encodeURIComponent(slug)}`);
  return response.data.data;
}
