import {
  PAGE_DATA_ELEMENT_ID,
  PAGE_TITLES,
  SEO_DESCRIPTION_MAX_LENGTH,
  SITE_DESCRIPTION,
  SITE_NAME,
  articlePath,
  categoryPath,
  safeLink,
  siteTitle,
  type Article,
  type Category,
  type MediaFile,
} from '@kiosque/shared';
import { escapeHtml, jsonForScript, renderBlocks, safeMediaUrl } from './html.js';

/** What one page puts in its head and, for crawlers, inside the SPA's mount element. */
export interface PageHead {
  title: string;
  description: string;
  canonical: string;
  /** `og:type`: `article` for an article, else `website`. */
  type: 'article' | 'website';
  /** `og:title`: the title without the site's name. */
  ogTitle: string;
  image?: { url: string; alt: string; width?: number; height?: number };
  publishedTime?: string;
  modifiedTime?: string;
  section?: string;
  noindex?: boolean;
  jsonLd?: Record<string, unknown>;
  /** HTML for the inside of `#app`, already escaped; Vue replaces it when it mounts. */
  bodyHtml?: string;
}

/** The site's address without a trailing slash. */
export function normalizeSiteUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** An absolute URL for a media path the CMS gives (`/uploads/…`), served on the site's origin. */
export function absoluteUrl(siteUrl: string, url: string): string | undefined {
  const safe = safeMediaUrl(url);
  if (safe === undefined) return undefined;
  return safe.startsWith('/') ? `${siteUrl}${safe}` : safe;
}

/** Cuts a description at a word boundary to what search results show. */
export function shortDescription(text: string, max = SEO_DESCRIPTION_MAX_LENGTH): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

function image(siteUrl: string, media: MediaFile | null | undefined, fallbackAlt: string) {
  if (!media?.url) return undefined;
  const url = absoluteUrl(siteUrl, media.url);
  if (url === undefined) return undefined;
  return {
    url,
    alt: media.alternativeText || fallbackAlt,
    ...(media.width && media.height ? { width: media.width, height: media.height } : {}),
  };
}

const FRENCH_DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** `20 novembre 2026`, as the article page shows it. */
function frenchDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : FRENCH_DATE.format(date);
}

/** An article's head: SEO fields first, the article's own title, excerpt and cover otherwise. */
export function articleHead(siteUrl: string, article: Article & { updatedAt?: string }): PageHead {
  const seo = article.seo;
  const ogTitle = seo?.metaTitle || article.title;
  const description = shortDescription(seo?.metaDescription || article.excerpt || SITE_DESCRIPTION);
  const canonicalFromSeo = safeLink(seo?.canonicalUrl);
  const canonical =
    canonicalFromSeo?.kind === 'web' ? canonicalFromSeo.href : `${siteUrl}${articlePath(article.slug)}`;
  const shareImage =
    image(siteUrl, seo?.shareImage, article.title) ?? image(siteUrl, article.cover, article.title);
  const modifiedTime = article.updatedAt ?? article.publishedAt;
  const jsonLd: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title.length > 110 ? `${article.title.slice(0, 109)}…` : article.title,
    description,
    ...(shareImage ? { image: [shareImage.url] } : {}),
    datePublished: article.publishedAt,
    dateModified: modifiedTime,
    ...(article.author ? { author: { '@type': 'Person', name: article.author.name } } : {}),
    publisher: { '@type': 'Organization', name: SITE_NAME, url: `${siteUrl}/` },
    mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
    ...(article.category ? { articleSection: article.category.name } : {}),
    inLanguage: 'fr-FR',
  };
  const byline = article.author ? ` par ${escapeHtml(article.author.name)}` : '';
  // The SPA's frame and the global classes of its article (styles.css): the text paints at its final
  // width and size before any script runs, and the SPA's render does not move or resize it.
  const bodyHtml = [
    '<main class="container site-main"><div class="readable"><article class="article">',
    article.category ? `<p>${escapeHtml(article.category.name)}</p>` : '',
    `<h1>${escapeHtml(article.title)}</h1>`,
    `<p>Publié le <time datetime="${escapeHtml(article.publishedAt)}">${escapeHtml(frenchDate(article.publishedAt))}</time>${byline}</p>`,
    article.excerpt ? `<p>${escapeHtml(article.excerpt)}</p>` : '',
    `<div class="article-body">${renderBlocks(article.body)}</div>`,
    '</article></div></main>',
  ]
    .filter((part) => part !== '')
    .join('\n');
  return {
    title: seo?.metaTitle || siteTitle(article.title),
    description,
    canonical,
    type: 'article',
    ogTitle,
    image: shareImage,
    publishedTime: article.publishedAt,
    modifiedTime,
    section: article.category?.name,
    jsonLd,
    bodyHtml,
  };
}

export function categoryHead(siteUrl: string, category: Category): PageHead {
  const description = shortDescription(
    category.description || `Les articles de la catégorie ${category.name} sur ${SITE_NAME}.`,
  );
  return {
    title: siteTitle(category.name),
    description,
    canonical: `${siteUrl}${categoryPath(category.slug)}`,
    type: 'website',
    ogTitle: category.name,
    bodyHtml: `<h1>${escapeHtml(category.name)}</h1>\n<p>${escapeHtml(description)}</p>`,
  };
}

export function homeHead(siteUrl: string): PageHead {
  return {
    title: `${SITE_NAME} : actualités, emploi et carrière`,
    description: SITE_DESCRIPTION,
    canonical: `${siteUrl}/`,
    type: 'website',
    ogTitle: SITE_NAME,
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: SITE_NAME,
      url: `${siteUrl}/`,
      inLanguage: 'fr-FR',
    },
  };
}

/**
 * An unknown article or category: the SPA shows its own 404 page, under the title it gives it
 * (`Article introuvable`…); search engines must not index it.
 */
export function notFoundHead(siteUrl: string, path: string, title: string = PAGE_TITLES.notFound): PageHead {
  return {
    title: siteTitle(title),
    description: SITE_DESCRIPTION,
    canonical: `${siteUrl}${path}`,
    type: 'website',
    ogTitle: title,
    noindex: true,
  };
}

function meta(attribute: 'name' | 'property', key: string, content: string | number | undefined): string {
  if (content === undefined || content === '') return '';
  return `<meta ${attribute}="${key}" content="${escapeHtml(String(content))}" />`;
}

/** The tags one page adds to the head, every value escaped. */
export function renderHeadTags(siteUrl: string, head: PageHead): string {
  const tags = [
    `<title>${escapeHtml(head.title)}</title>`,
    meta('name', 'description', head.description),
    head.noindex ? meta('name', 'robots', 'noindex') : '',
    head.noindex ? '' : `<link rel="canonical" href="${escapeHtml(head.canonical)}" />`,
    `<link rel="alternate" type="application/rss+xml" title="${escapeHtml(`${SITE_NAME} : derniers articles`)}" href="${escapeHtml(`${siteUrl}/rss.xml`)}" />`,
    meta('property', 'og:type', head.type),
    meta('property', 'og:site_name', SITE_NAME),
    meta('property', 'og:locale', 'fr_FR'),
    meta('property', 'og:title', head.ogTitle),
    meta('property', 'og:description', head.description),
    meta('property', 'og:url', head.canonical),
    meta('property', 'og:image', head.image?.url),
    meta('property', 'og:image:alt', head.image?.alt),
    meta('property', 'og:image:width', head.image?.width),
    meta('property', 'og:image:height', head.image?.height),
    meta('property', 'article:published_time', head.publishedTime),
    meta('property', 'article:modified_time', head.modifiedTime),
    meta('property', 'article:section', head.section),
    meta('name', 'twitter:card', head.image ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', head.ogTitle),
    meta('name', 'twitter:description', head.description),
    meta('name', 'twitter:image', head.image?.url),
    meta('name', 'twitter:image:alt', head.image?.alt),
    head.jsonLd ? `<script type="application/ld+json">${jsonForScript(head.jsonLd)}</script>` : '',
  ];
  return tags.filter((tag) => tag !== '').join('\n    ');
}

const TITLE = /<title>[\s\S]*?<\/title>\s*/i;
const DESCRIPTION = /<meta\s+name="description"[^>]*>\s*/i;
const HEAD_END = /<\/head>/i;
const APP = /<div id="app"><\/div>/;

/** Throws when the SPA's index.html lacks what the injection needs, so a changed template fails loudly. */
export function checkTemplate(template: string): void {
  for (const [name, pattern] of [
    ['</head>', HEAD_END],
    ['<div id="app"></div>', APP],
  ] as const) {
    if (!pattern.test(template)) throw new Error(`index.html has no ${name}: cannot inject the page's head.`);
  }
}

export interface PageExtras {
  /** `<link>` tags for the page's own code and styles (assets.ts). */
  preloads?: string[];
  /** Data the SPA reads at start instead of fetching it (shared/src/page-data.ts). */
  pageData?: unknown;
}

/**
 * The SPA's index.html with this page's head: the template's own title and description give way to
 * the page's, and the page's text goes inside `#app` for crawlers (Vue empties it when it mounts).
 * The page's data follows as JSON the SPA reads (never run: `type="application/json"`, escaped as
 * JSON-LD is).
 */
export function renderPage(
  template: string,
  siteUrl: string,
  head: PageHead,
  extras: PageExtras = {},
): string {
  checkTemplate(template);
  const tags = [renderHeadTags(siteUrl, head), ...(extras.preloads ?? [])].join('\n    ');
  const data =
    extras.pageData === undefined
      ? ''
      : `\n    <script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">${jsonForScript(extras.pageData)}</script>`;
  return template
    .replace(TITLE, '')
    .replace(DESCRIPTION, '')
    .replace(HEAD_END, () => `  ${tags}\n  </head>`)
    .replace(APP, () => `<div id="app">${head.bodyHtml ?? ''}</div>${data}`);
}
