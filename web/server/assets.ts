import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PageRoute } from '@kiosque/shared';
import { escapeHtml } from './html.js';

/** One chunk of Vite's build manifest (`build.manifest`), keyed by its source path. */
interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}

export type BuildManifest = Record<string, ManifestChunk>;

/** The reader pages the page server renders, and the component the SPA's router loads for each. */
const PAGE_MODULES: Record<Exclude<PageRoute, 'other'>, string> = {
  home: 'src/pages/HomePage.vue',
  article: 'src/pages/ArticlePage.vue',
  category: 'src/pages/CategoryPage.vue',
  search: 'src/pages/SearchPage.vue',
  'not-found': 'src/pages/NotFoundPage.vue',
};

export function readManifest(distDir: string): BuildManifest | undefined {
  const file = path.join(distDir, '.vite', 'manifest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BuildManifest) : undefined;
}

/**
 * The files a lazily loaded page needs beyond what the entry already loads: its chunks and their
 * styles. Without them in the HTML, a phone fetches the entry, runs it, and only then learns which
 * page chunks to ask for: one more round trip on a slow network before the article shows.
 */
export function pageAssets(
  manifest: BuildManifest,
  moduleKey: string,
): { scripts: string[]; styles: string[] } {
  const loadedByEntry = new Set<string>();
  const markLoaded = (key: string) => {
    if (loadedByEntry.has(key) || !manifest[key]) return;
    loadedByEntry.add(key);
    for (const imported of manifest[key].imports ?? []) markLoaded(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) markLoaded(key);

  const scripts: string[] = [];
  const styles: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || loadedByEntry.has(key) || !manifest[key]) return;
    seen.add(key);
    scripts.push(manifest[key].file);
    for (const css of manifest[key].css ?? []) if (!styles.includes(css)) styles.push(css);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  visit(moduleKey);
  return { scripts, styles };
}

/**
 * `<link>` tags for each route: its chunks, fetched with the HTML, and its styles, applied before the
 * first paint (the page arrives rendered: without its styles it would paint once unstyled, then move).
 */
export function routePreloads(manifest: BuildManifest | undefined): Record<PageRoute, string[]> {
  const preloads: Record<PageRoute, string[]> = {
    home: [],
    article: [],
    category: [],
    search: [],
    'not-found': [],
    other: [],
  };
  if (!manifest) return preloads;
  for (const [route, moduleKey] of Object.entries(PAGE_MODULES) as [PageRoute, string][]) {
    const { scripts, styles } = pageAssets(manifest, moduleKey);
    preloads[route] = [
      ...scripts.map((file) => `<link rel="modulepreload" crossorigin href="/${escapeHtml(file)}" />`),
      // The page's code finds them there and does not add them again.
      ...styles.map((file) => `<link rel="stylesheet" crossorigin href="/${escapeHtml(file)}" />`),
    ];
  }
  return preloads;
}

const STYLESHEET_LINK = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="\/(assets\/[^"]+\.css)"[^>]*>/g;

/** Beyond this much CSS (uncompressed) a stylesheet stays a file: every page would carry it again. */
export const MAX_INLINE_CSS_BYTES = 40_000;

/**
 * The template with the build's stylesheets inside it (`<style>`) in place of their `<link>`s: a
 * stylesheet link blocks the first paint for a round trip (two on a new connection), which on a slow
 * phone network costs more than the page's whole CSS (the site's is about 4 KB of gzip). A `</style`
 * in the CSS is escaped (`<\/style`, the same to CSS), so that nothing ends the element early. Left as
 * links when the CSS is missing or larger than `maxBytes`.
 */
export function inlineStylesheets(
  template: string,
  distDir: string,
  maxBytes = MAX_INLINE_CSS_BYTES,
): string {
  const files = [...template.matchAll(STYLESHEET_LINK)].map((match) => path.join(distDir, match[1]));
  if (files.length === 0 || !files.every((file) => existsSync(file))) return template;
  const styles = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
  const total = [...styles.values()].reduce((sum, css) => sum + Buffer.byteLength(css), 0);
  if (total > maxBytes) return template;
  return template.replace(STYLESHEET_LINK, (_link: string, file: string) => {
    const css = styles.get(path.join(distDir, file)) ?? '';
    return `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`;
  });
}
