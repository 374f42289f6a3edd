import type { Article, ArticlePageData, Category, ItemResponse, ListResponse } from '@kiosque/shared';

/** The article page as the CMS serves it; the article also says when it was last changed. */
export type ArticlePageAnswer = ArticlePageData & { article: Article & { updatedAt?: string } };

/** What a page lookup found: the document, nothing (404), or no answer from the CMS. */
export type Lookup<T> =
  { kind: 'found'; value: T } | { kind: 'missing' } | { kind: 'unavailable'; reason: string };

export interface CmsClientOptions {
  /** The CMS origin, e.g. `http://cms:1337`. */
  cmsUrl: string;
  /** How long a lookup may take before the page is served without it. */
  timeoutMs?: number;
  /**
   * How long a category lookup is kept (the CMS caches articles itself and empties that cache on
   * every write, so article lookups are never kept here).
   */
  categoryTtlMs?: number;
}

export interface CmsClient {
  /** The article page the SPA shows (`GET /api/pages/article/:slug`): article, groups, comments. */
  /** `requestId` goes to the CMS as X-Request-Id, so that both logs name the reader's request. */
  articlePage(slug: string, requestId?: string): Promise<Lookup<ArticlePageAnswer>>;
  category(slug: string, requestId?: string): Promise<Lookup<Category>>;
}

/**
 * Reads what a page's head needs from the CMS's public API. Concurrent lookups of one slug share one
 * request (a link shared in a big group brings thousands of readers at once); a CMS that is down or
 * slow gives `unavailable` after the timeout instead of holding the reader.
 */
export function createCmsClient(options: CmsClientOptions): CmsClient {
  const cmsUrl = options.cmsUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 2500;
  const categoryTtlMs = options.categoryTtlMs ?? 10_000;
  const inFlight = new Map<string, Promise<Lookup<unknown>>>();
  const kept = new Map<string, { until: number; lookup: Lookup<unknown> }>();

  async function request<T>(
    path: string,
    pick: (body: unknown) => T | undefined,
    requestId: string | undefined,
  ): Promise<Lookup<T>> {
    try {
      const response = await fetch(`${cmsUrl}${path}`, {
        headers: { Accept: 'application/json', ...(requestId ? { 'X-Request-Id': requestId } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status === 404) return { kind: 'missing' };
      if (!response.ok) return { kind: 'unavailable', reason: `the CMS answered ${response.status}` };
      const value = pick(await response.json());
      return value === undefined ? { kind: 'missing' } : { kind: 'found', value };
    } catch (error) {
      return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  function shared<T>(key: string, ttlMs: number, run: () => Promise<Lookup<T>>): Promise<Lookup<T>> {
    const hit = kept.get(key);
    if (hit && hit.until > Date.now()) return Promise.resolve(hit.lookup as Lookup<T>);
    const running = inFlight.get(key);
    if (running) return running as Promise<Lookup<T>>;
    const started = run().then((lookup) => {
      inFlight.delete(key);
      if (ttlMs > 0 && lookup.kind !== 'unavailable') {
        if (kept.size >= 1000) kept.clear();
        kept.set(key, { until: Date.now() + ttlMs, lookup });
      }
      return lookup;
    });
    inFlight.set(key, started);
    return started;
  }

  return {
    articlePage(slug, requestId) {
      return shared(`article ${slug}`, 0, () =>
        request(
          `/api/pages/article/${encodeURIComponent(slug)}`,
          (body) => (body as ItemResponse<ArticlePageAnswer>).data ?? undefined,
          requestId,
        ),
      );
    },
    category(slug, requestId) {
      const query = new URLSearchParams({ 'filters[slug][$eq]': slug, 'pagination[pageSize]': '1' });
      return shared(`category ${slug}`, categoryTtlMs, () =>
        request(`/api/categories?${query}`, (body) => (body as ListResponse<Category>).data?.[0], requestId),
      );
    },
  };
}
