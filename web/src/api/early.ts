import type { ArticlePageData, ItemResponse } from '@kiosque/shared';
import { API_ORIGIN } from '../utils/apiOrigin';

let early: { slug: string; answer: Promise<ArticlePageData | undefined> } | undefined;

/**
 * For the SPA shell only (a page the server rendered brings its data with it): starts loading an
 * article page as soon as the entry script runs, before the page's own code has
 * arrived (on a slow phone network, one more round trip). Plain `fetch`, so that the entry script
 * stays small; anything but a 200 is left to the API client, which reports errors properly.
 */
export function prefetchArticlePage(slug: string): void {
  const answer = fetch(`${API_ORIGIN}/api/pages/article/${encodeURIComponent(slug)}`, {
    headers: { Accept: 'application/json' },
  })
    .then(async (response) =>
      response.ok ? ((await response.json()) as ItemResponse<ArticlePageData>).data : undefined,
    )
    .catch(() => undefined);
  early = { slug, answer };
}

/** The early answer for this slug, once; `undefined` when there is none or it failed. */
export function takeEarlyArticlePage(slug: string): Promise<ArticlePageData | undefined> {
  if (early?.slug !== slug) return Promise.resolve(undefined);
  const { answer } = early;
  early = undefined;
  return answer;
}
