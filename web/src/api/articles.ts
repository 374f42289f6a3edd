import type { ArticlePageData, ArticleSummary, ItemResponse, ListResponse } from '@kiosque/shared';
import { api } from './client';
import { takeEarlyArticlePage } from './early';

/** Cards per page on the home, category and search pages (a multiple of the 3 columns of a wide screen). */
export const ARTICLES_PAGE_SIZE = 9;

/** Which published articles a list shows. */
export interface ArticleListQuery {
  page?: number;
  pageSize?: number;
  /** Only this category's articles (its slug). */
  category?: string;
  /** Only articles whose title or excerpt contains every one of these words (case ignored). */
  words?: readonly string[];
}

/** The query string of a public article list, in Strapi's bracket notation. */
export function articleListParams(query: ArticleListQuery = {}): URLSearchParams {
  const params = new URLSearchParams({
    'pagination[page]': String(query.page ?? 1),
    'pagination[pageSize]': String(query.pageSize ?? ARTICLES_PAGE_SIZE),
  });
  if (query.category !== undefined) params.set('filters[category][slug][$eq]', query.category);
  (query.words ?? []).forEach((word, index) => {
    params.set(`filters[$and][${index}][$or][0][title][$containsi]`, word);
    params.set(`filters[$and][${index}][$or][1][excerpt][$containsi]`, word);
  });
  return params;
}

/** Published articles, newest first (the CMS decides the order and what is populated). */
export async function fetchArticles(query: ArticleListQuery = {}): Promise<ListResponse<ArticleSummary>> {
  const response = await api.get<ListResponse<ArticleSummary>>(
    `/articles?${articleListParams(query).toString()}`,
  );
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
