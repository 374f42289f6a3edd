import {
  PAGE_TITLES,
  SEO_DESCRIPTION_MAX_LENGTH,
  SITE_DESCRIPTION,
  SITE_NAME,
  articlePath,
  categoryPath,
  jsonForScript,
  safeLink,
  siteTitle,
  type Article,
  type Category,
  type MediaFile,
} from '@kiosque/shared';

/**
 * What one page puts in its head, written by the server render and kept up to date by the browser on
 * every navigation (composables/usePageHead.ts): one source for link previews, search engines and
 * the reader's tab.
 */
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
}

/**
 * The image link previews show for pages without one of their own (home, categories, search): the
 * site's card, served from the build's root (web/public/share.png).
 */
export const SITE_SHARE_IMAGE = { path: '/share.png', width: 1200, height: 630 } as const;

/** An absolute URL for a media path the CMS gives (`/uploads/…`), served on the site's origin. */
export function absoluteUrl(siteUrl: string, url: string | null | undefined): string | undefined {
  const link = safeLink(url);
  if (link === null || link.kind === 'mail') return undefined;
  return link.kind === 'path' ? `${siteUrl}${link.href}` : link.href;
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

function siteImage(siteUrl: string) {
  return {
    url: `${siteUrl}${SITE_SHARE_IMAGE.path}`,
    alt: SITE_NAME,
    width: SITE_SHARE_IMAGE.width,
    height: SITE_SHARE_IMAGE.height,
  };
}

/** `, page 2` for the pages of a list after the first. */
const pageSuffix = (page: number): string => (page > 1 ? `, page ${page}` : '');

/** An article's head: SEO fields first, the article's own title, excerpt and cover otherwise. */
export function articleHead(siteUrl: string, article: Article & { updatedAt?: string }): PageHead {
  const seo = article.seo;
  const ogTitle = seo?.metaTitle || article.title;
  const description = shortDescription(seo?.metaDescription || article.excerpt || SITE_DESCRIPTION);
  const canonicalFromSeo = safeLink(seo?.canonicalUrl);
  const canonical =
    canonicalFromSeo?.kind === 'web' ? canonicalFromSeo.href : `${siteUrl}${articlePath(article.slug)}`;
  const shareImage =
    image(siteUrl, seo?.shareImage, article.title) ??
    image(siteUrl, article.cover, article.title) ??
    siteImage(siteUrl);
  const modifiedTime = article.updatedAt ?? article.publishedAt;
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
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title.length > 110 ? `${article.title.slice(0, 109)}…` : article.title,
      description,
      image: [shareImage.url],
      datePublished: article.publishedAt,
      dateModified: modifiedTime,
      ...(article.author ? { author: { '@type': 'Person', name: article.author.name } } : {}),
      publisher: { '@type': 'Organization', name: SITE_NAME, url: `${siteUrl}/` },
      mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
      ...(article.category ? { articleSection: article.category.name } : {}),
      inLanguage: 'fr-FR',
    },
  };
}

export function categoryHead(siteUrl: string, category: Category, page = 1): PageHead {
  const description = shortDescription(
    category.description || `Les articles de la catégorie ${category.name} sur ${SITE_NAME}.`,
  );
  const path = `${categoryPath(category.slug)}${page > 1 ? `?page=${page}` : ''}`;
  return {
    title: siteTitle(`${category.name}${pageSuffix(page)}`),
    description,
    canonical: `${siteUrl}${path}`,
    type: 'website',
    ogTitle: category.name,
    image: siteImage(siteUrl),
  };
}

export function homeHead(siteUrl: string, page = 1): PageHead {
  return {
    title:
      page > 1
        ? siteTitle(`Derniers articles${pageSuffix(page)}`)
        : `${SITE_NAME} : actualités, emploi et carrière`,
    description: SITE_DESCRIPTION,
    canonical: `${siteUrl}/${page > 1 ? `?page=${page}` : ''}`,
    type: 'website',
    ogTitle: SITE_NAME,
    image: siteImage(siteUrl),
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: SITE_NAME,
      url: `${siteUrl}/`,
      inLanguage: 'fr-FR',
    },
  };
}

/** The search page: never indexed (its results are any words a visitor typed). */
export function searchHead(siteUrl: string, search: string): PageHead {
  return {
    title: siteTitle(search ? `${PAGE_TITLES.search} « ${search} »` : PAGE_TITLES.search),
    description: SITE_DESCRIPTION,
    canonical: `${siteUrl}/recherche`,
    type: 'website',
    ogTitle: PAGE_TITLES.search,
    image: siteImage(siteUrl),
    noindex: true,
  };
}

/** An unknown address, article or category: its 404 page, which search engines must not index. */
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

type Meta = { name: string; content: string } | { property: string; content: string };

/**
 * The head as unhead's input: every value goes through unhead's escaping, the JSON-LD through
 * `jsonForScript` (so that `</script>` in a title cannot end its element).
 */
export function headInput(siteUrl: string, head: PageHead) {
  const meta: Meta[] = [];
  const name = (key: string, content: string | number | undefined) => {
    if (content !== undefined && content !== '') meta.push({ name: key, content: String(content) });
  };
  const property = (key: string, content: string | number | undefined) => {
    if (content !== undefined && content !== '') meta.push({ property: key, content: String(content) });
  };
  name('description', head.description);
  if (head.noindex) name('robots', 'noindex');
  property('og:type', head.type);
  property('og:site_name', SITE_NAME);
  property('og:locale', 'fr_FR');
  property('og:title', head.ogTitle);
  property('og:description', head.description);
  property('og:url', head.canonical);
  property('og:image', head.image?.url);
  property('og:image:alt', head.image?.alt);
  property('og:image:width', head.image?.width);
  property('og:image:height', head.image?.height);
  property('article:published_time', head.publishedTime);
  property('article:modified_time', head.modifiedTime);
  property('article:section', head.section);
  name('twitter:card', head.image ? 'summary_large_image' : 'summary');
  name('twitter:title', head.ogTitle);
  name('twitter:description', head.description);
  name('twitter:image', head.image?.url);
  name('twitter:image:alt', head.image?.alt);
  return {
    title: head.title,
    meta,
    link: [
      ...(head.noindex ? [] : [{ rel: 'canonical', href: head.canonical }]),
      {
        rel: 'alternate',
        type: 'application/rss+xml',
        title: `${SITE_NAME} : derniers articles`,
        href: `${siteUrl}/rss.xml`,
      },
    ],
    script: head.jsonLd ? [{ type: 'application/ld+json', innerHTML: jsonForScript(head.jsonLd) }] : [],
  };
}
