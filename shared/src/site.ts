/**
 * The reader site's own facts, stated once for the two programs that show it: the SPA (its router,
 * pages and components) and its page server (the HTML heads, robots.txt and the preview headers).
 */

/** The site's name, in its header, every page title and every link preview. */
export const SITE_NAME = 'Kiosque';

/** What the site is about, for search results and link previews of pages without their own. */
export const SITE_DESCRIPTION = `${SITE_NAME} : actualités, conseils carrière et communautés.`;

/** A page's document title: `Article – Kiosque`, or the site's name alone. */
export function siteTitle(page?: string): string {
  return page ? `${page} – ${SITE_NAME}` : SITE_NAME;
}

/** The titles of the pages that have no content of their own to be named after. */
export const PAGE_TITLES = {
  search: 'Recherche',
  preview: 'Aperçu',
  notFound: 'Page introuvable',
  articleNotFound: 'Article introuvable',
  categoryNotFound: 'Catégorie introuvable',
} as const;

/** Every draft preview lives under it: never indexed, never crawled, framed by the CMS's admin only. */
export const PREVIEW_ROOT = '/apercu';

const ARTICLES = '/articles';
const CATEGORIES = '/categorie';
const SEARCH = '/recherche';

/** The public addresses, as the SPA's router declares them; build links with the functions below. */
export const SITE_ROUTES = {
  home: '/',
  article: `${ARTICLES}/:slug`,
  category: `${CATEGORIES}/:slug`,
  search: SEARCH,
  articlePreview: `${PREVIEW_ROOT}/articles/:documentId`,
} as const;

/** An article's page; the slug is escaped, so that nothing in it can leave its path segment. */
export function articlePath(slug: string): string {
  return `${ARTICLES}/${encodeURIComponent(slug)}`;
}

/** A category's page, its slug escaped. */
export function categoryPath(slug: string): string {
  return `${CATEGORIES}/${encodeURIComponent(slug)}`;
}

/** Which content page an address names: an article or a category, with its slug still escaped. */
export function contentPageOf(path: string): { page: 'article' | 'category'; segment: string } | null {
  for (const [page, root] of [
    ['article', ARTICLES],
    ['category', CATEGORIES],
  ] as const) {
    if (!path.startsWith(`${root}/`)) continue;
    const segment = path.slice(root.length + 1);
    return segment === '' || segment.includes('/') ? null : { page, segment };
  }
  return null;
}
