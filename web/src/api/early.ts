import {
  PAGE_DATA_ELEMENT_ID,
  type ArticlePageData,
  type EmbeddedArticlePage,
  type ItemResponse,
} from '@kiosque/shared';
import { API_ORIGIN } from '../utils/apiOrigin';

let embedded: EmbeddedArticlePage | undefined;

/**
 * Reads, once, the article page the page server (web/server) put into the HTML it served. Called by
 * the entry script before the app mounts; the element is removed so that it is never read twice.
 * Anything unexpected inside it is ignored: the SPA then fetches the article as usual.
 */
export function readEmbeddedPage(root: Document = document): EmbeddedArticlePage | undefined {
  const element = root.getElementById(PAGE_DATA_ELEMENT_ID);
  if (!element) return undefined;
  element.remove();
  try {
    const value = JSON.parse(element.textContent ?? '') as Partial<EmbeddedArticlePage> | null;
    if (value?.route === 'article' && typeof value.slug === 'string' && value.data?.article) {
      embedded = value as EmbeddedArticlePage;
    }
  } catch {
    // not JSON: fetch instead
  }
  return embedded;
}

/**
 * The article page embedded in the HTML for this slug, once (a later visit to the same article
 * fetches it fresh), synchronously so that the first render already shows the article.
 */
export function takeEmbeddedArticlePage(slug: string): ArticlePageData | undefined {
  if (embedded?.slug !== slug) return undefined;
  const { data } = embedded;
  embedded = undefined;
  return data;
}

let early: { slug: string; answer: Promise<ArticlePageData | undefined> } | undefined;

/**
 * Starts loading an article page as soon as the entry script runs, before the page's own code has
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
