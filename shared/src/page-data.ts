/**
 * What the page server and the SPA exchange inside a rendered page (web/src/entry-server.ts writes it
 * through web/server, web/src/main.ts reads it once): the data the server rendered the page with, so
 * that the browser hydrates the same markup without asking the CMS again.
 */
export const PAGE_DATA_ELEMENT_ID = 'kiosque-page-data';

/** The data one server render fetched, by the key of the composable that fetched it. */
export interface PageState {
  /** The site's public address: canonical links and share URLs, the same on both sides. */
  siteUrl: string;
  /** Keyed answers (`article:<slug>`, `categories`, …); `null` is a 404 the page showed as such. */
  data: Record<string, unknown>;
  /**
   * The page server counts the views of the article pages it answers (COUNT_SECRET set): the SPA then
   * sends no view for the page it was loaded with, only for the pages it shows after. A site-wide
   * flag, the same for every reader, so that the page can be kept and answered to anyone.
   */
  countsViews?: boolean;
}

/** Which of the page server's pages a render showed, for the chunks it preloads. */
export type PageRoute = 'home' | 'article' | 'category' | 'search' | 'not-found' | 'other';

/** What `render(url, context)` of the SSR build gives the page server. */
export interface RenderedPage {
  status: number;
  route: PageRoute;
  /** The inside of `#app`. */
  appHtml: string;
  /** The page's head tags (title, description, canonical, og/twitter, JSON-LD). */
  headTags: string;
  /** Attributes for `<html>`, already escaped (unhead's `htmlAttrs`). */
  htmlAttrs: string;
  state: PageState;
  /** Set when the CMS did not answer the page's data: the page server answers the shell instead. */
  unavailable?: string;
  /** What the page shows, for a shared cache to purge it by (`article:<slug>`, `category:<slug>`, `home`). */
  tags: string[];
  /** The documentId of the article a 200 article page shows: the view the page server counts. */
  viewed?: string;
}

export interface RenderContext {
  siteUrl: string;
  /** The CMS origin the render's API calls go to. */
  cmsUrl: string;
  /** The reader's request id, sent to the CMS as X-Request-Id so that both logs name the request. */
  requestId?: string;
  /** Whether the page server counts article views (PageState.countsViews). */
  countsViews?: boolean;
}

/** `render` of the SSR build (web/build/ssr/entry-server.js). */
export type RenderPage = (url: string, context: RenderContext) => Promise<RenderedPage>;

const SCRIPT_JSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON for a `<script type="application/json">` or `application/ld+json` element: `<`, `>` and `&`
 * become \u escapes, so a title holding `</script>` or `<!--` cannot end the element early; U+2028/2029
 * are escaped too. JSON.parse reads back exactly the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => SCRIPT_JSON_ESCAPES[character]);
}
