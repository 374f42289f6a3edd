// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArticlePageAnswer, CmsClient } from './cms';
import { createCmsClient } from './cms';
import { createWebServer, securityHeaders } from './server';
import { pageFor, robotsTxt } from './site';

const SITE = 'https://kiosque.example.org';
const dist = mkdtempSync(path.join(tmpdir(), 'kiosque-web-'));
const XSS = '</script><script>alert(1)</script><!--';
const bonjour: ArticlePageAnswer = {
  article: {
    documentId: 'd',
    title: 'Bonjour',
    slug: 'bonjour',
    excerpt: 'Un résumé.',
    category: null,
    author: null,
    readingTime: 1,
    publishedAt: '2026-11-20T08:00:00.000Z',
    cover: null,
    commentCount: 1,
    seo: null,
    body: [],
    commentsClosed: false,
    commentsOpen: true,
  },
  groups: [],
  comments: {
    data: [
      {
        documentId: 'c1',
        authorName: 'Awa',
        authorWebsite: null,
        content: `Un avis ${XSS}\u2028fin`,
        createdAt: '2026-11-21T08:00:00.000Z',
        parentDocumentId: null,
        depth: 1,
        replies: [],
      },
    ],
    meta: { pagination: { page: 1, pageSize: 20, pageCount: 1, total: 1 }, total: 1, sort: 'oldest' },
  },
  related: [],
};
const fakeCms: CmsClient = {
  articlePage: async (slug) =>
    slug === 'bonjour'
      ? { kind: 'found', value: bonjour }
      : slug === 'panne'
        ? { kind: 'unavailable', reason: 'test' }
        : { kind: 'missing' },
  category: async (slug) =>
    slug === 'emploi'
      ? { kind: 'found', value: { documentId: 'c', name: 'Emploi', slug: 'emploi', description: 'Offres.' } }
      : { kind: 'missing' },
};

// The shape Vite's build manifest has: the entry, shared chunks and two lazily loaded pages.
const MANIFEST = {
  'index.html': {
    file: 'assets/index-1.js',
    isEntry: true,
    imports: ['_vue-1.js'],
    css: ['assets/index-1.css'],
  },
  '_vue-1.js': { file: 'assets/vue-1.js' },
  '_client-1.js': { file: 'assets/client-1.js', imports: ['index.html'] },
  'src/pages/ArticlePage.vue': {
    file: 'assets/ArticlePage-1.js',
    isDynamicEntry: true,
    imports: ['index.html', '_vue-1.js', '_client-1.js'],
    css: ['assets/ArticlePage-1.css'],
  },
  'src/pages/HomePage.vue': {
    file: 'assets/HomePage-1.js',
    isDynamicEntry: true,
    imports: ['index.html', '_client-1.js'],
  },
};

let base = '';
let server: ReturnType<typeof createWebServer>;

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(
    path.join(dist, 'index.html'),
    '<html><head><title>Kiosque</title></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(path.join(dist, 'assets', 'app-123.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  mkdirSync(path.join(dist, '.vite'));
  writeFileSync(path.join(dist, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  writeFileSync(path.join(path.dirname(dist), 'kiosque-secret.txt'), 'TOP-SECRET-CONTENT');
  server = createWebServer({
    distDir: dist,
    siteUrl: SITE,
    cmsUrl: 'http://127.0.0.1:9',
    cms: fakeCms,
    adminOrigin: 'https://cms.kiosque.example.org',
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dist, { recursive: true, force: true });
});

describe('pages', () => {
  it('answers 200, 404 or 503 as the CMS does', async () => {
    expect((await pageFor('/', SITE, fakeCms)).status).toBe(200);
    expect((await pageFor('/articles/bonjour', SITE, fakeCms)).status).toBe(200);
    expect((await pageFor('/articles/bonjour/', SITE, fakeCms)).head.canonical).toBe(
      `${SITE}/articles/bonjour`,
    );
    expect((await pageFor('/articles/inconnu', SITE, fakeCms)).status).toBe(404);
    expect((await pageFor('/articles/%E0%A4%A', SITE, fakeCms)).status).toBe(404);
    expect((await pageFor('/articles/panne', SITE, fakeCms)).status).toBe(503);
    expect((await pageFor('/categorie/emploi', SITE, fakeCms)).head.title).toBe('Emploi – Kiosque');
    expect((await pageFor('/categorie/rien', SITE, fakeCms)).status).toBe(404);
    expect((await pageFor('/recherche', SITE, fakeCms)).status).toBe(200);
    expect((await pageFor('/apercu/article/x', SITE, fakeCms)).head.noindex).toBe(true);
  });

  it('titles each page as the SPA does once it runs', async () => {
    const title = async (path: string) => (await pageFor(path, SITE, fakeCms)).head.title;

    expect(await title('/recherche')).toBe('Recherche – Kiosque');
    expect(await title('/apercu/articles/x')).toBe('Aperçu – Kiosque');
    expect(await title('/articles/inconnu')).toBe('Article introuvable – Kiosque');
    expect(await title('/categorie/rien')).toBe('Catégorie introuvable – Kiosque');
    expect((await pageFor('/categorie/rien', SITE, fakeCms)).head.ogTitle).toBe('Catégorie introuvable');
    expect(await title('/articles/%E0%A4%A')).toBe('Page introuvable – Kiosque');
    expect(await title('/une/adresse/inconnue')).toBe('Kiosque');
  });

  it('serves the article page with its head, security headers and gzip', async () => {
    const response = await fetch(`${base}/articles/bonjour`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<title>Bonjour – Kiosque</title>');
    expect(html).toContain('<h1>Bonjour</h1>');

    const missing = await fetch(`${base}/articles/inconnu`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<meta name="robots" content="noindex" />');
    const down = await fetch(`${base}/articles/panne`);
    expect(down.status).toBe(503);
    expect(await down.text()).toContain('<div id="app"></div>');
  });

  it('sends the article page’s data with the HTML as inert JSON that reads back exactly', async () => {
    const html = await (await fetch(`${base}/articles/bonjour`)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    const json = /<script type="application\/json" id="kiosque-page-data">([\s\S]*?)<\/script>/.exec(
      html,
    )?.[1];
    expect(json).toBeDefined();
    expect(JSON.parse(json!)).toEqual({ route: 'article', slug: 'bonjour', data: bonjour });

    for (const other of ['/categorie/emploi', '/', '/articles/inconnu', '/articles/panne']) {
      expect(await (await fetch(`${base}${other}`)).text(), other).not.toContain('kiosque-page-data');
    }
  });

  it('preloads the code and styles of the page an address shows, not what the entry loads', async () => {
    const links = async (address: string) =>
      [
        ...(await (await fetch(`${base}${address}`)).text()).matchAll(
          /<link rel="(modulepreload|preload)"[^>]*>/g,
        ),
      ].map((match) => match[0]);
    expect(await links('/articles/bonjour')).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/ArticlePage-1.js" />',
      '<link rel="modulepreload" crossorigin href="/assets/client-1.js" />',
      '<link rel="preload" as="style" crossorigin href="/assets/ArticlePage-1.css" />',
    ]);
    expect(await links('/')).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/HomePage-1.js" />',
      '<link rel="modulepreload" crossorigin href="/assets/client-1.js" />',
    ]);
    expect(await links('/recherche')).toEqual([]);
  });

  it('lets only draft previews be framed, by the CMS admin that shows them', async () => {
    const page = await fetch(`${base}/articles/bonjour`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const preview = await fetch(`${base}/apercu/articles/abc?token=t`);
    expect(preview.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' https://cms.kiosque.example.org;",
    );
  });

  it('serves the build: assets cached for a year and compressed, never files outside it', async () => {
    const asset = await fetch(`${base}/assets/app-123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
    expect(await asset.text()).toContain('console.log');

    const { request } = await import('node:http');
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${base}/assets/app-123.js`, { headers: { 'Accept-Encoding': 'gzip' } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({ encoding: answer.headers['content-encoding'], body: Buffer.concat(chunks) }),
        );
      })
        .on('error', reject)
        .end();
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toContain('console.log');

    expect((await fetch(`${base}/assets/absent.js`)).status).toBe(404);
    for (const attempt of [
      '/..%2Fkiosque-secret.txt',
      '/assets/..%2F..%2Fkiosque-secret.txt',
      '/%2e%2e/kiosque-secret.txt',
    ]) {
      expect(await (await fetch(`${base}${attempt}`)).text()).not.toContain('TOP-SECRET-CONTENT');
    }
    expect((await fetch(`${base}/robots.txt`).then((r) => r.text())).trim()).toBe(robotsTxt(SITE).trim());
  });

  it('answers 304 to a reader who has the page already', async () => {
    const first = await fetch(`${base}/`);
    const etag = first.headers.get('etag')!;
    expect((await fetch(`${base}/`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('answers 502 quickly for a feed when the CMS is down', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect((await fetch(`${base}/rss.xml`)).status).toBe(502);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('CMS lookups', () => {
  it('gives up on a CMS that does not answer instead of hanging', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => {}); // accepts connections, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const client = createCmsClient({ cmsUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 });
    const started = Date.now();
    const [first, second] = await Promise.all([client.articlePage('a'), client.articlePage('a')]);
    expect(first.kind).toBe('unavailable');
    expect(second).toBe(first);
    expect(Date.now() - started).toBeLessThan(2000);
    silent.close();
  });
});

describe('without nginx in front (/api and /uploads proxied to the CMS)', () => {
  const uploadTypes: Record<string, string> = {
    '.html': 'text/html',
    '.svg': 'image/svg+xml',
    '.js': 'application/javascript',
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.webp': 'image/webp',
    '.avif': 'image/avif',
    '.gif': 'image/gif',
  };
  let cmsSeen: { url: string; headers: Record<string, string | string[] | undefined> }[] = [];
  let proxied: ReturnType<typeof createWebServer>;
  let fakeCmsServer: Server;
  let proxiedBase = '';

  beforeAll(async () => {
    // Answers with headers of its own, which the page server must replace: one of each, never two.
    fakeCmsServer = createHttpServer((request, response) => {
      cmsSeen.push({ url: request.url ?? '', headers: request.headers });
      if (request.url?.startsWith('/api/down')) {
        request.socket.destroy();
        return;
      }
      const extension = path.extname(new URL(request.url ?? '/', 'http://cms.invalid').pathname);
      response.writeHead(request.url?.includes('absent') ? 404 : 200, {
        'Content-Type': uploadTypes[extension] ?? 'application/json',
        'Content-Disposition': 'inline',
        'Content-Security-Policy': "default-src 'self'",
      });
      response.end('<script>alert(document.domain)</script>');
    });
    await new Promise<void>((resolve) => fakeCmsServer.listen(0, '127.0.0.1', resolve));
    proxied = createWebServer({
      distDir: dist,
      siteUrl: SITE,
      cmsUrl: `http://127.0.0.1:${(fakeCmsServer.address() as AddressInfo).port}`,
      cms: fakeCms,
      proxyApi: true,
    });
    await new Promise<void>((resolve) => proxied.listen(0, '127.0.0.1', resolve));
    proxiedBase = `http://127.0.0.1:${(proxied.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => proxied.close(resolve));
    await new Promise((resolve) => fakeCmsServer.close(resolve));
  });

  it.each(['/rss.xml', '/sitemap.xml'])(
    'answers %s with the site’s security headers, not the CMS’s',
    async (feed) => {
      const response = await fetch(`${proxiedBase}${feed}`);
      for (const [name, value] of Object.entries(securityHeaders())) {
        expect(response.headers.get(name), name).toBe(value);
      }
    },
  );

  it.each(['x.html', 'x.svg', 'x.js', 'absent.html'])(
    'answers /uploads/%s as a sandboxed download, never as a page of the site',
    async (file) => {
      const response = await fetch(`${proxiedBase}/uploads/${file}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
      );
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(response.headers.get('content-disposition')).toBe('attachment');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    },
  );

  it.each(['x.png', 'x.jpg', 'x.webp', 'x.avif', 'x.gif'])(
    'shows the raster image /uploads/%s inline, still sandboxed and never sniffed',
    async (file) => {
      const response = await fetch(`${proxiedBase}/uploads/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe('inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain('sandbox');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    },
  );

  it('adds the address it saw to what the client claims, as the one proxy the CMS trusts', async () => {
    cmsSeen = [];
    await fetch(`${proxiedBase}/api/articles`, { headers: { 'X-Forwarded-For': '198.51.100.7' } });
    expect(cmsSeen[0]?.headers['x-forwarded-for']).toBe('198.51.100.7, 127.0.0.1');
  });

  it('writes no query string to its log, where a token or a search could hide', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect((await fetch(`${proxiedBase}/api/down?token=SECRET-TOKEN`)).status).toBe(502);
    expect(warn).toHaveBeenCalled();
    expect(JSON.stringify(warn.mock.calls)).toContain('/api/down');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('SECRET-TOKEN');
    warn.mockRestore();
  });
});
