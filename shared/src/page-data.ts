import type { ArticlePageData } from './types.js';

/**
 * What the page server hands to the SPA inside the HTML: the article page it already fetched from the
 * CMS for the page's head, so that the SPA shows the article at once instead of asking for it again.
 * Shared by web/server (which writes it) and web/src (which reads it once).
 */
export const PAGE_DATA_ELEMENT_ID = 'kiosque-page-data';

export interface EmbeddedArticlePage {
  route: 'article';
  slug: string;
  data: ArticlePageData;
}
