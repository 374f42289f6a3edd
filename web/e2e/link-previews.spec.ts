import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchForPageErrors } from './browser';
import { E2E_CMS_URL, E2E_WEB_URL } from './ports';

// What WhatsApp, Telegram, Facebook and search engines see: plain HTTP, no JavaScript.
const SLUG = 'community-manager-ou-social-media-manager';
const TITLE = 'Community manager ou social media manager : quelle différence ?';

interface ArticleJson {
  documentId: string;
  excerpt: string;
  publishedAt: string;
  author: { name: string } | null;
  category: { name: string; slug: string } | null;
  cover: { url: string } | null;
}

let article: ArticleJson;
let browser: Browser | undefined;

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The head as a crawler reads it: meta tags by name or property, the title, links, JSON-LD. */
function readHead(html: string) {
  const head = html.slice(0, html.indexOf('</head>'));
  const metas = new Map<string, string>();
  for (const match of head.matchAll(/<meta (?:name|property)="([^"]+)" content="([^"]*)"/g)) {
    metas.set(match[1], decode(match[2]));
  }
  const links = [...head.matchAll(/<link rel="([^"]+)"([^>]*)>/g)].map((match) => ({
    rel: match[1],
    href: decode(/href="([^"]*)"/.exec(match[2])?.[1] ?? ''),
    type: /type="([^"]*)"/.exec(match[2])?.[1],
  }));
  const jsonLd = [...head.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (match) => JSON.parse(match[1]) as Record<string, unknown>,
  );
  return { metas, links, jsonLd, title: decode(/<title>([^<]*)<\/title>/.exec(head)?.[1] ?? '') };
}

beforeAll(async () => {
  const response = await fetch(`${E2E_CMS_URL}/api/articles/slug/${SLUG}`);
  article = ((await response.json()) as { data: ArticleJson }).data;
});

afterAll(async () => {
  await browser?.close();
});

describe('a shared article link, fetched without JavaScript', () => {
  it('carries the title, description, Open Graph and Twitter tags, canonical link and RSS link', async () => {
    const response = await fetch(`${E2E_WEB_URL}/articles/${SLUG}`, {
      headers: { 'User-Agent': 'WhatsApp/2.23' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const { metas, links, title } = readHead(await response.text());
    const url = `${E2E_WEB_URL}/articles/${SLUG}`;

    expect(title).toBe(`${TITLE} – Kiosque`);
    expect(metas.get('description')).toBe(article.excerpt);
    expect(metas.get('og:type')).toBe('article');
    expect(metas.get('og:title')).toBe(TITLE);
    expect(metas.get('og:description')).toBe(article.excerpt);
    expect(metas.get('og:url')).toBe(url);
    expect(metas.get('og:site_name')).toBe('Kiosque');
    expect(metas.get('og:locale')).toBe('fr_FR');
    expect(metas.get('og:image')).toBe(`${E2E_WEB_URL}${article.cover!.url}`);
    expect(metas.get('article:published_time')).toBe(article.publishedAt);
    expect(metas.get('twitter:card')).toBe('summary_large_image');
    expect(metas.get('twitter:title')).toBe(TITLE);
    expect(metas.get('twitter:image')).toBe(metas.get('og:image'));
    expect(links).toContainEqual({ rel: 'canonical', href: url, type: undefined });
    expect(links).toContainEqual({
      rel: 'alternate',
      href: `${E2E_WEB_URL}/rss.xml`,
      type: 'application/rss+xml',
    });

    // The preview image is served on the site's origin, as the crawler will ask for it.
    const image = await fetch(metas.get('og:image')!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\//);
  });

  it('carries a NewsArticle in JSON-LD and the article, rendered, inside the mount element', async () => {
    const html = await (await fetch(`${E2E_WEB_URL}/articles/${SLUG}`)).text();
    const [newsArticle] = readHead(html).jsonLd;
    expect(newsArticle).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: TITLE,
      description: article.excerpt,
      image: [`${E2E_WEB_URL}${article.cover!.url}`],
      datePublished: article.publishedAt,
      author: { '@type': 'Person', name: article.author!.name },
      publisher: { '@type': 'Organization', name: 'Kiosque' },
      mainEntityOfPage: { '@type': 'WebPage', '@id': `${E2E_WEB_URL}/articles/${SLUG}` },
    });
    expect(typeof newsArticle.dateModified).toBe('string');

    const app = html.slice(html.indexOf('<div id="app">'), html.indexOf('</body>'));
    expect(app).toMatch(/<h1 class="article__title"[^>]*>/);
    expect(app).toContain(`>${TITLE}</h1>`);
    expect(app).toContain(article.excerpt.replace(/'/g, '&#39;'));
    expect(app.match(/<p>/g)!.length).toBeGreaterThan(3);
    expect(app).not.toContain('<script>');
  });

  it('answers 404 and noindex for an unknown article or category', async () => {
    for (const path of ['/articles/cet-article-n-existe-pas', '/categorie/cette-categorie-n-existe-pas']) {
      const response = await fetch(`${E2E_WEB_URL}${path}`);
      expect(response.status).toBe(404);
      const { metas, links } = readHead(await response.text());
      expect(metas.get('robots')).toBe('noindex');
      expect(links.some((link) => link.rel === 'canonical')).toBe(false);
    }
  });

  it('gives the home page and a category page their own title, description and canonical link', async () => {
    const home = readHead(await (await fetch(`${E2E_WEB_URL}/`)).text());
    expect(home.title).toMatch(/^Kiosque/);
    expect(home.metas.get('og:type')).toBe('website');
    expect(home.links).toContainEqual({ rel: 'canonical', href: `${E2E_WEB_URL}/`, type: undefined });

    const slug = article.category!.slug;
    const response = await fetch(`${E2E_WEB_URL}/categorie/${slug}`);
    expect(response.status).toBe(200);
    const category = readHead(await response.text());
    expect(category.title).toBe(`${article.category!.name} – Kiosque`);
    expect(category.metas.get('og:title')).toBe(article.category!.name);
    expect(category.metas.get('description')!.length).toBeGreaterThan(10);
    expect(category.links).toContainEqual({
      rel: 'canonical',
      href: `${E2E_WEB_URL}/categorie/${slug}`,
      type: undefined,
    });
  });
});

describe('feeds on the reader site', () => {
  it('serves the RSS feed, the sitemap and robots.txt on the site origin', async () => {
    const rss = await fetch(`${E2E_WEB_URL}/rss.xml`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const feed = await rss.text();
    expect(feed).toContain('<rss version="2.0"');
    expect(feed).toContain(`<link>${E2E_WEB_URL}/articles/${SLUG}</link>`);
    expect(feed).toContain(`<atom:link href="${E2E_WEB_URL}/rss.xml" rel="self"`);

    const sitemap = await fetch(`${E2E_WEB_URL}/sitemap.xml`);
    expect(sitemap.status).toBe(200);
    const urls = await sitemap.text();
    expect(urls).toContain(`<loc>${E2E_WEB_URL}/</loc>`);
    expect(urls).toContain(`<loc>${E2E_WEB_URL}/articles/${SLUG}</loc>`);
    expect(urls).toContain(`<loc>${E2E_WEB_URL}/categorie/${article.category!.slug}</loc>`);

    const robots = await (await fetch(`${E2E_WEB_URL}/robots.txt`)).text();
    expect(robots).toContain(`Sitemap: ${E2E_WEB_URL}/sitemap.xml`);
  });
});

describe('the same link in a browser', () => {
  it('hydrates the rendered page without a mismatch, with its comment form', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ locale: 'fr-FR' });
    const problems = watchForPageErrors(page);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Hydration/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${E2E_WEB_URL}/articles/${SLUG}`);
    expect(response?.status()).toBe(200);
    await page.getByRole('textbox', { name: 'Commentaire' }).waitFor();
    await expect(page.title()).resolves.toBe(`${TITLE} – Kiosque`);
    // Vue took over the server's markup: one title on the page, not two.
    expect(await page.locator('h1').count()).toBe(1);
    expect(problems).toEqual([]);
    expect(violations).toEqual([]);

    const missing = await page.goto(`${E2E_WEB_URL}/articles/cet-article-n-existe-pas`);
    expect(missing?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Article introuvable' }).waitFor();
    await page.close();
  });
});
