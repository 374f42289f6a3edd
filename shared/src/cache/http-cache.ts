/**
 * How long shared caches (a CDN, nginx's proxy_cache) may keep what the site and the public API
 * answer, stated once for the page server (web/server) and the CMS (cms/src/middlewares): readers'
 * browsers always ask again (`max-age=0`), a shared cache keeps a page `S_MAXAGE_S` and is told what
 * it holds by `Surrogate-Key`/`Cache-Tag`, so that the CMS's purge hook can drop it at once on a change.
 */
export const SHARED_CACHE = {
  /** A shared cache serves its copy without asking for this long (purged earlier on a change). */
  sMaxAgeS: 60,
  /** …and then its stale copy for this long more while it asks again in the background. */
  staleWhileRevalidateS: 30,
  /** …or for this long when the origin errs or does not answer: a page rather than an error. */
  staleIfErrorS: 86_400,
} as const;

/** `Cache-Control` of a public answer that any reader gets the same (a page, a public API read). */
export const PUBLIC_CACHE_CONTROL =
  `public, max-age=0, s-maxage=${SHARED_CACHE.sMaxAgeS}, ` +
  `stale-while-revalidate=${SHARED_CACHE.staleWhileRevalidateS}, stale-if-error=${SHARED_CACHE.staleIfErrorS}`;

/** `Cache-Control` of what no cache may keep: errors, previews, writes, per-reader answers. */
export const PRIVATE_CACHE_CONTROL = 'no-store';

/** The tag every public page and API answer carries: a purge of it drops the whole site. */
export const SITE_CACHE_TAG = 'site';

/** The tags of what an answer shows: the article, its category, home. */
export const cacheTags = {
  home: 'home',
  article: (slug: string) => `article:${slug}`,
  category: (slug: string) => `category:${slug}`,
} as const;

/**
 * One `Surrogate-Key`/`Cache-Tag` value from tags: space-separated (Fastly, Varnish), so a tag holding
 * a space, a comma or a control character (a hostile slug) is left out rather than split in two.
 */
export function surrogateKeyHeader(tags: readonly string[]): string {
  const clean = tags.filter((tag) => /^[\x21-\x2b\x2d-\x7e]{1,200}$/.test(tag));
  return [...new Set([...clean, SITE_CACHE_TAG])].join(' ');
}

/** A page number read from the address (`?page=2`): a positive integer of at most six digits, else 1. */
export function pageNumberFrom(value: unknown): number {
  const raw = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw)) return 1;
  const page = Number(raw);
  return page >= 1 ? page : 1;
}

/**
 * The header of the purge hook's refreshes (PURGE_HOOK_MODE=refresh): nginx fetches the page again
 * (deploy/page-cache.conf, proxy_cache_bypass), and the page server reads the CMS's content version
 * again before answering, rather than trusting the one it read up to a second ago.
 */
export const PURGE_REQUEST_HEADER = 'X-Kiosque-Purge';
