import type { RenderContext, RenderedPage } from '@kiosque/shared';

/**
 * What the SSR build (web/src/entry-server.ts) answers for a page, as the page server's specs stand
 * it in: a plain page with `overrides`, its state marked as the real render marks it when the page
 * server counts views. The real render is exercised by the browser tests.
 */
export function renderedPage(context: RenderContext, overrides: Partial<RenderedPage> = {}): RenderedPage {
  return {
    status: 200,
    route: 'other',
    appHtml: '<main>Page</main>',
    headTags: '<title>Kiosque</title>',
    htmlAttrs: '',
    state: { siteUrl: context.siteUrl, data: {}, ...(context.countsViews ? { countsViews: true } : {}) },
    tags: [],
    ...overrides,
  };
}
