import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLES, DEMO_CATEGORIES } from '../src/bootstrap/demo-data';
import { announceChangeFromAnotherInstance } from './helpers/comments';
import { createArticle, renameCategory } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

const SITE = 'https://lecteurs.kiosque.test';
let cms: RunningCms;

beforeAll(async () => {
  cms = await startCms({ SITE_URL: `${SITE}/` });
});

afterAll(async () => {
  await cms?.stop();
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => name === 'item' || name === 'url',
});

interface RssItem {
  title: string;
  link: string;
  guid: { '#text': string; '@isPermaLink': string };
  pubDate: string;
  description: string;
  category?: string;
}

async function rss() {
  const response = await cms.http().get('/api/feeds/rss.xml').expect(200);
  expect(response.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  const xml = response.text;
  expect(XMLValidator.validate(xml)).toBe(true);
  const channel = parser.parse(xml).rss.channel;
  return { xml, channel, items: (channel.item ?? []) as RssItem[] };
}

async function sitemapUrls(): Promise<{ loc: string; lastmod?: string }[]> {
  const response = await cms.http().get('/api/feeds/sitemap.xml').expect(200);
  expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
  expect(XMLValidator.validate(response.text)).toBe(true);
  const urlset = parser.parse(response.text).urlset;
  expect(urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
  return urlset.url;
}

describe('RSS feed', () => {
  it('is an RSS 2.0 channel in French, pointing at the reader site and at itself', async () => {
    const response = await cms.http().get('/api/feeds/rss.xml').expect(200);
    const document = parser.parse(response.text);
    expect(document.rss['@version']).toBe('2.0');
    const channel = document.rss.channel;
    expect(channel.title).toBe('Kiosque');
    expect(channel.link).toBe(`${SITE}/`);
    expect(channel.description.length).toBeGreaterThan(10);
    expect(channel.language).toBe('fr-FR');
    expect(new Date(channel.lastBuildDate).getTime()).not.toBeNaN();
    expect(channel.lastBuildDate).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(channel['atom:link']).toMatchObject({
      '@href': `${SITE}/rss.xml`,
      '@rel': 'self',
      '@type': 'application/rss+xml',
    });
  });

  it('lists the published demo articles newest first with link, permalink guid, date, excerpt and category', async () => {
    const { items } = await rss();
    const demo = items.filter((item) => DEMO_ARTICLES.some((article) => item.title === article.title));
    expect(demo).toHaveLength(DEMO_ARTICLES.length);
    for (const item of demo) {
      const article = DEMO_ARTICLES.find((candidate) => candidate.title === item.title)!;
      expect(item.link).toBe(`${SITE}/articles/${article.slug}`);
      expect(item.guid).toEqual({ '#text': item.link, '@isPermaLink': 'true' });
      expect(item.pubDate).toMatch(/ GMT$/);
      expect(item.description).toBe(article.excerpt);
      expect(item.category).toBe(article.category);
    }
    const dates = items.map((item) => new Date(item.pubDate).getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('keeps the 20 newest, escapes & and < in titles, and never shows a draft', async () => {
    const hostile = await createArticle(cms.strapi, { title: 'Salaires & primes <script>alert(1)</script>' });
    const draft = await createArticle(cms.strapi, { publish: false, title: 'Brouillon secret du flux' });
    for (let index = 0; index < 20; index += 1) await createArticle(cms.strapi);

    const { xml, items } = await rss();
    expect(items).toHaveLength(20);
    expect(items.some((item) => item.title === draft.title)).toBe(false);
    expect(xml).not.toContain('Brouillon secret');
    expect(xml).not.toContain('<script>');

    // The hostile article is now the 21st newest; push it back in front by publishing it again.
    await cms.strapi.documents('api::article.article').publish({ documentId: hostile.documentId });
    const again = await rss();
    expect(again.xml).toContain('Salaires &amp; primes &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(again.items[0].title).toBe('Salaires & primes <script>alert(1)</script>');
  });

  it('drops an article as soon as it is unpublished, and answers 304 to an unchanged feed', async () => {
    const article = await createArticle(cms.strapi, { title: 'Bientôt retiré du flux' });
    const before = await cms.http().get('/api/feeds/rss.xml').expect(200);
    expect(before.text).toContain('Bientôt retiré du flux');
    await cms.http().get('/api/feeds/rss.xml').set('If-None-Match', before.headers.etag).expect(304);

    await cms.strapi.documents('api::article.article').unpublish({ documentId: article.documentId });
    const after = await cms
      .http()
      .get('/api/feeds/rss.xml')
      .set('If-None-Match', before.headers.etag)
      .expect(200);
    expect(after.text).not.toContain('Bientôt retiré du flux');
  });
});

describe('sitemap', () => {
  it('lists the home page, every category and every published article with its last change', async () => {
    const urls = await sitemapUrls();
    const locs = urls.map((url) => url.loc);
    expect(locs[0]).toBe(`${SITE}/`);
    for (const category of DEMO_CATEGORIES) expect(locs).toContain(`${SITE}/categorie/${category.slug}`);
    for (const article of DEMO_ARTICLES) {
      const entry = urls.find((url) => url.loc === `${SITE}/articles/${article.slug}`);
      expect(entry?.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(new Set(locs).size).toBe(locs.length);
  });

  it('never lists a draft, and drops an unpublished article at once', async () => {
    const draft = await createArticle(cms.strapi, { publish: false });
    const published = await createArticle(cms.strapi);
    let locs = (await sitemapUrls()).map((url) => url.loc);
    expect(locs).not.toContain(`${SITE}/articles/${draft.slug}`);
    expect(locs).toContain(`${SITE}/articles/${published.slug}`);

    await cms.strapi.documents('api::article.article').unpublish({ documentId: published.documentId });
    locs = (await sitemapUrls()).map((url) => url.loc);
    expect(locs).not.toContain(`${SITE}/articles/${published.slug}`);
  });

  it('escapes & and < in category names', async () => {
    await createArticle(cms.strapi, { category: 'Stages & <alternance>' });
    const { xml, items } = await rss();
    expect(xml).toContain('<category>Stages &amp; &lt;alternance&gt;</category>');
    expect(items[0].category).toBe('Stages & <alternance>');
  });
});

type FeedService = { rss(): Promise<string>; sitemap(): Promise<string> };
type Feed = 'rss' | 'sitemap';

const feedUrl = (feed: Feed) => `/api/feeds/${feed}.xml`;

/**
 * Counts the builds of a feed (calls of the service method that reads the database and renders it)
 * and the database queries that read articles, until `stop()`. `delayMs` makes each build slower, so
 * that a crowd surely arrives while one is running; `gate` holds each build, once it has read the
 * database, until it resolves.
 */
function watchBuilds(feed: Feed, options: { delayMs?: number; gate?: Promise<void> } = {}) {
  const service = cms.strapi.service('api::feed.feed') as unknown as FeedService;
  const original = service[feed];
  const counts = { builds: 0, articleQueries: 0 };
  let read: () => void = () => {};
  const firstBuildRead = new Promise<void>((resolve) => (read = resolve));
  service[feed] = async () => {
    counts.builds += 1;
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const xml = await original.call(service);
    read();
    await options.gate;
    return xml;
  };
  const table = cms.strapi.db.metadata.get('api::article.article').tableName;
  const onQuery = (query: { sql: string }) => {
    if (new RegExp(`["\`]${table}["\`]`).test(query.sql)) counts.articleQueries += 1;
  };
  cms.strapi.db.connection.on('query', onQuery);
  return {
    counts,
    firstBuildRead,
    stop: () => {
      service[feed] = original;
      cms.strapi.db.connection.off('query', onQuery);
    },
  };
}

/** What shows an article in a feed: its title in RSS, its address in the sitemap. */
const shownIn = (feed: Feed, article: { title?: string | null; slug?: string | null }) =>
  feed === 'rss' ? String(article.title) : `${SITE}/articles/${article.slug}`;

const crowd = (feed: Feed, size: number) =>
  Promise.all(Array.from({ length: size }, () => cms.http().get(feedUrl(feed))));

describe('feeds kept in memory until content changes', () => {
  for (const feed of ['rss', 'sitemap'] as const) {
    it(`builds the ${feed} feed once for a crowd, and not again until content changes`, async () => {
      // A change: the next request must build.
      const article = await createArticle(cms.strapi, { title: `Une foule sur le flux ${feed}` });
      const watch = watchBuilds(feed, { delayMs: 100 });
      try {
        const first = await crowd(feed, 30);
        expect(first.map((response) => response.status)).toEqual(Array(30).fill(200));
        expect(new Set(first.map((response) => response.text)).size).toBe(1);
        expect(new Set(first.map((response) => response.headers.etag)).size).toBe(1);
        expect(first[0].text).toContain(shownIn(feed, article));
        expect(watch.counts.builds).toBe(1);
        const queriesOfOneBuild = watch.counts.articleQueries;
        expect(queriesOfOneBuild).toBeGreaterThan(0);

        const again = await crowd(feed, 30);
        expect(again.every((response) => response.text === first[0].text)).toBe(true);
        expect(watch.counts).toEqual({ builds: 1, articleQueries: queriesOfOneBuild });
      } finally {
        watch.stop();
      }
    });
  }

  it('shows a publication, an unpublication and a renamed category from the very next request', async () => {
    const article = await createArticle(cms.strapi, { publish: false, title: 'Publié plus tard' });
    const articles = cms.strapi.documents('api::article.article');
    const inSitemap = async () =>
      (await sitemapUrls()).some((url) => url.loc === `${SITE}/articles/${article.slug}`);
    const inRss = async () => (await rss()).items.some((item) => item.title === 'Publié plus tard');

    const watch = watchBuilds('sitemap');
    try {
      expect(await inSitemap()).toBe(false);
      expect(await inSitemap()).toBe(false);
      expect(watch.counts.builds).toBe(1);
    } finally {
      watch.stop();
    }
    expect(await inRss()).toBe(false);

    await articles.publish({ documentId: article.documentId });
    expect(await inSitemap()).toBe(true);
    expect(await inRss()).toBe(true);

    await renameCategory(cms.strapi, 'Tests', 'Tests renommés');
    const renamed = (await rss()).items.find((item) => item.title === 'Publié plus tard');
    expect(renamed?.category).toBe('Tests renommés');

    await articles.unpublish({ documentId: article.documentId });
    expect(await inSitemap()).toBe(false);
    expect(await inRss()).toBe(false);
  });

  it('answers 304 from memory to an unchanged feed, and 200 with a new ETag once it changed', async () => {
    for (const feed of ['rss', 'sitemap'] as const) {
      const before = await cms.http().get(feedUrl(feed)).expect(200);
      const etag = before.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]{20,}"$/);
      const watch = watchBuilds(feed);
      try {
        const revalidated = await cms.http().get(feedUrl(feed)).set('If-None-Match', etag).expect(304);
        expect(revalidated.text).toBe('');
        expect(watch.counts.builds).toBe(0);
      } finally {
        watch.stop();
      }

      const article = await createArticle(cms.strapi, { title: `Nouveau dans le flux ${feed}` });
      const after = await cms.http().get(feedUrl(feed)).set('If-None-Match', etag).expect(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(after.text).toContain(shownIn(feed, article));
      await cms
        .http()
        .get(feedUrl(feed))
        .set('If-None-Match', after.headers.etag as string)
        .expect(304);
    }
  });

  it('never keeps a feed built while content was changing', async () => {
    const article = await createArticle(cms.strapi, { title: 'Retiré pendant la construction' });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const watch = watchBuilds('rss', { gate });
    try {
      const during = cms
        .http()
        .get(feedUrl('rss'))
        .then((response) => response);
      // The build has read the article; it is unpublished before the build is done.
      await watch.firstBuildRead;
      await cms.strapi.documents('api::article.article').unpublish({ documentId: article.documentId });
      open();
      const answered = await during;
      expect(answered.status).toBe(200);
      expect(answered.text).toContain('Retiré pendant la construction');

      const next = await rss();
      expect(next.xml).not.toContain('Retiré pendant la construction');
      expect(watch.counts.builds).toBe(2);
    } finally {
      open();
      watch.stop();
    }
  });

  it('follows a change announced by another instance', async () => {
    const article = await createArticle(cms.strapi, { title: 'Titre avant' });
    expect((await rss()).xml).toContain('Titre avant');
    // Another instance's write reaches this one's database, not its document service.
    await cms.strapi.db
      .query('api::article.article')
      .updateMany({ where: { documentId: article.documentId }, data: { title: 'Titre après' } });
    expect((await rss()).xml).toContain('Titre avant');

    await announceChangeFromAnotherInstance(cms.strapi);
    const { xml } = await rss();
    expect(xml).toContain('Titre après');
    expect(xml).not.toContain('Titre avant');
  });
});

describe('permissions', () => {
  it('lets anonymous readers read the feeds, and nothing else of the feed API exists', async () => {
    await cms.http().get('/api/feeds/rss.xml').expect(200);
    await cms.http().get('/api/feeds/sitemap.xml').expect(200);
    await cms.http().get('/api/feeds/other.xml').expect(404);
    await cms
      .http()
      .post('/api/feeds/rss.xml')
      .expect((response) => expect([404, 405]).toContain(response.status));
  });
});
