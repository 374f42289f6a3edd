/** The reader site's feeds as XML: RSS 2.0 for feed readers, the sitemaps protocol 0.9 for search engines. */

export interface FeedArticle {
  title: string;
  slug: string;
  excerpt: string;
  publishedAt: string;
  updatedAt: string;
  category: { name: string; slug: string } | null;
  author: { name: string } | null;
}

export interface SitemapCategory {
  slug: string;
  updatedAt: string;
}

export const SITE_TITLE = 'Kiosque';
export const SITE_DESCRIPTION = 'Kiosque : actualités, conseils carrière et communautés.';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for XML element content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (character) => XML_ESCAPES[character]);
}

export function articleUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}/articles/${encodeURIComponent(slug)}`;
}

export function categoryUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}/categorie/${encodeURIComponent(slug)}`;
}

/** RFC 822 date, as RSS 2.0 wants it: `Fri, 27 Nov 2026 10:00:00 GMT`. */
export function rfc822(date: string | Date): string {
  return new Date(date).toUTCString();
}

function newest(dates: string[]): string | undefined {
  return dates.reduce<string | undefined>(
    (latest, date) => (latest === undefined || new Date(date) > new Date(latest) ? date : latest),
    undefined,
  );
}

/** The latest articles as RSS 2.0, with an atom:link to itself. */
export function renderRss(siteUrl: string, articles: FeedArticle[], now = new Date()): string {
  const lastChange = newest(articles.map((article) => article.updatedAt)) ?? now.toISOString();
  const items = articles.map((article) => {
    const link = escapeXml(articleUrl(siteUrl, article.slug));
    return [
      '    <item>',
      `      <title>${escapeXml(article.title)}</title>`,
      `      <link>${link}</link>`,
      `      <guid isPermaLink="true">${link}</guid>`,
      `      <pubDate>${rfc822(article.publishedAt)}</pubDate>`,
      `      <description>${escapeXml(article.excerpt ?? '')}</description>`,
      article.category ? `      <category>${escapeXml(article.category.name)}</category>` : '',
      article.author ? `      <dc:creator>${escapeXml(article.author.name)}</dc:creator>` : '',
      '    </item>',
    ]
      .filter((line) => line !== '')
      .join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${escapeXml(SITE_TITLE)}</title>`,
    `    <link>${escapeXml(`${siteUrl}/`)}</link>`,
    `    <description>${escapeXml(SITE_DESCRIPTION)}</description>`,
    '    <language>fr-FR</language>',
    `    <lastBuildDate>${rfc822(lastChange)}</lastBuildDate>`,
    `    <atom:link href="${escapeXml(`${siteUrl}/rss.xml`)}" rel="self" type="application/rss+xml" />`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

function url(loc: string, lastmod: string | undefined): string {
  const date = lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : '';
  return `  <url><loc>${escapeXml(loc)}</loc>${date}</url>`;
}

/** Every published article, every category and the home page (sitemaps protocol 0.9). */
export function renderSitemap(
  siteUrl: string,
  articles: FeedArticle[],
  categories: SitemapCategory[],
): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url(`${siteUrl}/`, newest(articles.map((article) => article.updatedAt))),
    ...categories.map((category) => url(categoryUrl(siteUrl, category.slug), category.updatedAt)),
    ...articles.map((article) => url(articleUrl(siteUrl, article.slug), article.updatedAt)),
    '</urlset>',
    '',
  ].join('\n');
}
