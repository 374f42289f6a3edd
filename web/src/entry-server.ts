import { AsyncLocalStorage } from 'node:async_hooks';
import { createHead, renderSSRHead } from '@unhead/vue/server';
import { renderToString } from 'vue/server-renderer';
import { createMemoryHistory } from 'vue-router';
import type { PageRoute, RenderContext, RenderedPage } from '@kiosque/shared';
import { pointApiAt } from './api/client';
import { createKiosqueApp } from './app';

const ROUTES: Record<string, PageRoute> = {
  home: 'home',
  article: 'article',
  category: 'category',
  search: 'search',
  'not-found': 'not-found',
};

// Renders run concurrently in one process: each one's request id follows its own async calls.
const requestIds = new AsyncLocalStorage<string | undefined>();

/**
 * Renders the page at `url` (path and query) to HTML with its head and the state the browser
 * hydrates it with: the page server's one renderer (web/server/render.ts). The route's data is
 * fetched through the SPA's own API client and composables, from the CMS at `context.cmsUrl`.
 */
export function render(url: string, context: RenderContext): Promise<RenderedPage> {
  pointApiAt(context.cmsUrl, () => requestIds.getStore());
  return requestIds.run(context.requestId, () => renderPage(url, context));
}

async function renderPage(url: string, context: RenderContext): Promise<RenderedPage> {
  const { app, router, pageState } = createKiosqueApp({
    side: 'server',
    history: createMemoryHistory(),
    state: { siteUrl: context.siteUrl, data: {} },
    hydrate: true,
  });
  const head = createHead();
  app.use(head);
  await router.push(url);
  await router.isReady();
  const appHtml = await renderToString(app);
  const { headTags, htmlAttrs } = await renderSSRHead(head);
  const route = router.currentRoute.value;
  const { state, status, unavailable } = pageState.result;
  return {
    status,
    route: ROUTES[String(route.name)] ?? 'other',
    appHtml,
    headTags,
    htmlAttrs,
    // The page server counts this page's view: the SPA sends none for it (useReaderCounting).
    state: context.countsViews === true ? { ...state, countsViews: true } : state,
    ...(unavailable ? { unavailable } : {}),
    tags: surrogateKeys(route.name, route.params.slug, state),
    ...viewedArticle(route.name, route.params.slug, state, status),
  };
}

/** The article a 200 article page shows, for the page server to count its view. */
function viewedArticle(
  name: unknown,
  slug: unknown,
  state: RenderedPage['state'],
  status: number,
): { viewed?: string } {
  if (name !== 'article' || status !== 200) return {};
  const page = state.data[`article:${String(slug)}`] as
    { article?: { documentId?: unknown } } | null | undefined;
  const documentId = page?.article?.documentId;
  return typeof documentId === 'string' && documentId !== '' ? { viewed: documentId } : {};
}

/** What the page shows, for a shared cache to purge it by: the article, its category, home. */
function surrogateKeys(name: unknown, slug: unknown, state: RenderedPage['state']): string[] {
  if (name === 'home') return ['home'];
  if (name === 'category') return [`category:${String(slug)}`];
  if (name === 'article') {
    const page = state.data[`article:${String(slug)}`] as
      { article?: { category?: { slug?: string } | null } } | null | undefined;
    const category = page?.article?.category?.slug;
    return [`article:${String(slug)}`, ...(category ? [`category:${category}`] : [])];
  }
  return [];
}
