// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PUBLIC_CACHE_CONTROL, type RenderedPage, type RenderPage } from '@kiosque/shared';
import { renderedPage } from './rendered-page.testing';
import { createWebServer, securityHeaders } from './server';
import { robotsTxt } from './site';

const SITE = 'https://kiosque.example.org';
const dist = mkdtempSync(path.join(tmpdir(), 'kiosque-web-'));
const XSS = '</script><script>alert(1)</script><!--';

/**
 * Stands for the SSR build (web/src/entry-server.ts, rendered for real by the browser tests): what
 * this spec holds is what the page server does with a render, a failed one and a slow one.
 */
const fakeRender: RenderPage = async (url, context) => {
  const page = (overrides: Partial<RenderedPage>) => renderedPage(context, overrides);
  const path = url.split('?')[0];
  if (path === '/articles/bonjour') {
    return page({
      route: 'article',
      appHtml: '<main><h1>Bonjour</h1><p>Un avis $& $1</p></main>',
      headTags: '<title>Bonjour – Kiosque</title>\n<meta name="description" content="Un résumé.">',
      htmlAttrs: 'data-test="1"',
      state: { siteUrl: context.siteUrl, data: { 'article:bonjour': { title: `Un avis ${XSS}\u2028fin` } } },
      tags: ['article:bonjour', 'category:emploi'],
    });
  }
  if (path === '/articles/inconnu') {
    return page({ status: 404, headTags: '<meta name="robots" content="noindex">' });
  }
  if (path === '/articles/panne') return page({ unavailable: 'the CMS answered 500' });
  if (path === '/articles/exception') throw new Error('render failed');
  if (path === '/articles/lent') return new Promise(() => {});
  if (path === '/') return page({ route: 'home', tags: ['home'] });
  return page({});
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
    '<html lang="fr"><head><title>Kiosque</title><meta name="description" content="Kiosque."></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(path.join(dist, 'assets', 'app-123.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  mkdirSync(path.join(dist, '.vite'));
  writeFileSync(path.join(dist, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  writeFileSync(path.join(path.dirname(dist), 'kiosque-secret.txt'), 'TOP-SECRET-CONTENT');
  server = createWebServer({
    distDir: dist,
    siteUrl: SITE,
    cmsUrl: 'http://127.0.0.1:9',
    ssrEntry: fakeRender,
    renderTimeoutMs: 300,
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
  it('answers each page as rendered: its head, its HTML, its status, security headers', async () => {
    const response = await fetch(`${base}/articles/bonjour`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('surrogate-key')).toBe('article:bonjour category:emploi site');
    expect(response.headers.get('cache-tag')).toBe('article:bonjour,category:emploi,site');
    expect(response.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
    const html = await response.text();
    expect(html).toContain('<html lang="fr" data-test="1">');
    expect(html).toContain('<title>Bonjour – Kiosque</title>');
    // The template's own title and description give way to the page's.
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/name="description"/g)).toHaveLength(1);
    // Written as rendered: no replacement patterns.
    expect(html).toContain('<div id="app"><main><h1>Bonjour</h1><p>Un avis $& $1</p></main></div>');

    const missing = await fetch(`${base}/articles/inconnu`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
    expect(await missing.text()).toContain('<meta name="robots" content="noindex">');
  });

  it('sends the state the page was rendered with as inert JSON that reads back exactly', async () => {
    const html = await (await fetch(`${base}/articles/bonjour`)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    const json = /<script type="application\/json" id="kiosque-page-data">([\s\S]*?)<\/script>/.exec(
      html,
    )?.[1];
    expect(json).toBeDefined();
    expect(JSON.parse(json!)).toEqual({
      siteUrl: SITE,
      data: { 'article:bonjour': { title: `Un avis ${XSS}\u2028fin` } },
    });
  });

  it('answers the SPA shell with 503 and says why when the CMS fails, the render throws or is too slow', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const [address, reason] of [
      ['/articles/panne', 'the CMS answered 500'],
      ['/articles/exception', 'render failed'],
      ['/articles/lent', 'no render within 300 ms'],
    ]) {
      const started = Date.now();
      const response = await fetch(`${base}${address}`);
      expect(response.status, address).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain('<div id="app"></div>');
      expect(html).toContain('<meta name="robots" content="noindex">');
      expect(html).not.toContain('kiosque-page-data');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(warn).toHaveBeenLastCalledWith(expect.stringContaining(reason));
    }
    warn.mockRestore();
  });

  it('answers the SPA shell when there is no SSR build at all', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bare = createWebServer({ distDir: dist, siteUrl: SITE, cmsUrl: 'http://127.0.0.1:9' });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('<div id="app"></div>');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no SSR build'));
    await new Promise((resolve) => bare.close(resolve));
    warn.mockRestore();
  });

  it('links the code and styles of the page an address shows, not what the entry loads', async () => {
    const links = async (address: string) =>
      [
        ...(await (await fetch(`${base}${address}`)).text()).matchAll(
          /<link rel="(modulepreload|preload|stylesheet)"[^>]*>/g,
        ),
      ].map((match) => match[0]);
    expect(await links('/articles/bonjour')).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/ArticlePage-1.js" />',
      '<link rel="modulepreload" crossorigin href="/assets/client-1.js" />',
      '<link rel="stylesheet" crossorigin href="/assets/ArticlePage-1.css" />',
    ]);
    expect(await links('/')).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/HomePage-1.js" />',
      '<link rel="modulepreload" crossorigin href="/assets/client-1.js" />',
    ]);
    expect(await links('/une/adresse')).toEqual([]);
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
      ssrEntry: fakeRender,
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

  it('sends a pool’s address to the CMS’s redirect, with the site’s headers', async () => {
    cmsSeen = [];
    const response = await fetch(`${proxiedBase}/rejoindre/emploi-dakar?source=affiche`, {
      redirect: 'manual',
    });
    expect(cmsSeen.map((seen) => seen.url)).toEqual(['/api/rejoindre/emploi-dakar?source=affiche']);
    expect(response.headers.get('content-security-policy')).toBe(
      securityHeaders()['Content-Security-Policy'],
    );
  });

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
