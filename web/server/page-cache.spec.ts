// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_CACHE_CONTROL, type RenderPage } from '@kiosque/shared';
import { watchContentVersion, type ContentVersionWatch } from './content-version';
import { createSiteMetrics } from './observability';
import { PageCache, chooseEncoding, keepPage, pageCacheKey } from './page-cache';
import { createWebServer } from './server';

const SITE = 'https://kiosque.example.org';
const dist = mkdtempSync(path.join(tmpdir(), 'kiosque-page-cache-'));

// The content the render shows, changed by the tests as an editor would; every render is counted
// with the address it was asked.
let headline = 'Offres de stage à Dakar';
let slowRender: Promise<void> | undefined;
const rendered: string[] = [];
const render: RenderPage = async (url, context) => {
  rendered.push(url);
  await slowRender;
  const pathname = url.split('?')[0];
  const found = pathname === '/' || pathname.startsWith('/articles/') || pathname.startsWith('/categorie/');
  return {
    status: found && !pathname.endsWith('/inconnu') ? 200 : 404,
    route: pathname === '/' ? 'home' : 'article',
    // Long enough to be worth compressing, and to count in bytes.
    appHtml: `<main><h1>${headline}</h1><p>${'Un paragraphe de l’article. '.repeat(80)}</p><p>${url}</p></main>`,
    headTags: `<title>${headline}</title>`,
    htmlAttrs: '',
    state: { siteUrl: context.siteUrl, data: {} },
    tags: pathname === '/' ? ['home'] : [`article:${pathname.split('/')[2]}`],
  };
};

/** The content version as the tests set it; undefined stands for a CMS that does not answer. */
let version: string | undefined = 'v1';
// With `lagging`, the page server's last read of the version (`seen`) trails the CMS's until it asks
// again, as it does between two checks.
let lagging = false;
let seen: string | undefined;
const versions: ContentVersionWatch = {
  current: () => (lagging ? seen : version),
  refresh: () => {
    seen = version;
    return Promise.resolve(version);
  },
  stop: () => {},
};

const metrics = createSiteMetrics();
let server: Server;
let base = '';

async function counted(result: 'hit' | 'miss' | 'bypass'): Promise<number> {
  const metric = await metrics.pageCache.get();
  return metric.values.find((value) => value.labels.result === result)?.value ?? 0;
}

beforeAll(async () => {
  writeFileSync(
    path.join(dist, 'index.html'),
    '<html lang="fr"><head><title>Kiosque</title></head><body><div id="app"></div></body></html>',
  );
  server = createWebServer({
    distDir: dist,
    siteUrl: SITE,
    cmsUrl: 'http://127.0.0.1:9',
    ssrEntry: render,
    contentVersion: versions,
    // No old addresses: every request here is a page of the site.
    redirects: { lookup: () => Promise.resolve(undefined) },
    metrics,
    log: () => {},
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dist, { recursive: true, force: true });
});

beforeEach(() => {
  rendered.length = 0;
  headline = 'Offres de stage à Dakar';
  // A version of its own per test: nothing kept by one test is answered in another.
  version = `v-${Math.random()}`;
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

// node:http rather than fetch: fetch decompresses by itself and would hide which bytes were sent.
function raw(address: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    get(new URL(address, base), { headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () =>
        resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

describe('the page cache', () => {
  it('renders a page once and sends every later reader the bytes compressed then, in the encoding asked', async () => {
    const first = await raw('/articles/stage-dakar', { 'Accept-Encoding': 'identity' });
    const br = await raw('/articles/stage-dakar', { 'Accept-Encoding': 'gzip, deflate, br' });
    const gzip = await raw('/articles/stage-dakar', { 'Accept-Encoding': 'gzip' });
    expect(rendered).toEqual(['/articles/stage-dakar']);
    expect(first.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(brotliDecompressSync(br.body).equals(first.body)).toBe(true);
    expect(gunzipSync(gzip.body).equals(first.body)).toBe(true);
    expect(br.body.length).toBeLessThan(first.body.length / 4);
    expect(br.headers['content-length']).toBe(String(br.body.length));
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers.etag).toBe(first.headers.etag);
    expect(br.headers['surrogate-key']).toBe('article:stage-dakar site');
    expect(br.headers['content-security-policy']).toContain("script-src 'self'");
    const again = await raw('/articles/stage-dakar', { 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('renders once for a crowd arriving together on a page not kept yet', async () => {
    let release = () => {};
    slowRender = new Promise((resolve) => (release = resolve));
    const crowd = Array.from({ length: 50 }, () => raw('/articles/foule', { 'Accept-Encoding': 'br' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    slowRender = undefined;
    const answers = await Promise.all(crowd);
    expect(rendered).toEqual(['/articles/foule']);
    expect(new Set(answers.map((answer) => answer.body.toString('base64'))).size).toBe(1);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
  });

  it('renders again once the content version moves, and never answers the page of before', async () => {
    await raw('/articles/modifie');
    headline = 'Offres de stage à Thiès';
    version = `${version}-après`;
    const after = await raw('/articles/modifie', { 'Accept-Encoding': 'identity' });
    expect(after.body.toString()).toContain('Offres de stage à Thiès');
    expect(rendered).toEqual(['/articles/modifie', '/articles/modifie']);
  });

  it('neither keeps nor hands on a render that saw the content version move', async () => {
    let release = () => {};
    slowRender = new Promise((resolve) => (release = resolve));
    const during = raw('/articles/pendant');
    await new Promise((resolve) => setTimeout(resolve, 20));
    version = `${version}-pendant`;
    // A reader arriving after the change does not wait for the render of before: it gets its own.
    const after = raw('/articles/pendant');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rendered).toEqual(['/articles/pendant', '/articles/pendant']);
    release();
    slowRender = undefined;
    await Promise.all([during, after]);
    // The second render, at the new version, is kept.
    await raw('/articles/pendant');
    expect(rendered).toHaveLength(2);
  });

  it('reads the version again for a shared cache’s purge refresh, which then gets the page of after', async () => {
    lagging = true;
    seen = version;
    try {
      await raw('/articles/purgee');
      headline = 'Stage annulé';
      version = `${version}-purge`;
      // Between two checks the page server still answers the page of before…
      expect((await raw('/articles/purgee')).body.toString()).not.toContain('Stage annulé');
      // …but not to the refresh the CMS's purge hook makes nginx send, nor to anyone after it.
      const refreshed = await raw('/articles/purgee', {
        'X-Kiosque-Purge': '1',
        'Accept-Encoding': 'identity',
      });
      expect(refreshed.body.toString()).toContain('Stage annulé');
      expect((await raw('/articles/purgee', { 'Accept-Encoding': 'identity' })).body.toString()).toContain(
        'Stage annulé',
      );
    } finally {
      lagging = false;
    }
  });

  it('renders every request while the content version is unknown (the CMS does not answer)', async () => {
    version = undefined;
    const bypassed = await counted('bypass');
    await raw('/articles/sans-version');
    await raw('/articles/sans-version');
    expect(rendered).toHaveLength(2);
    expect((await counted('bypass')) - bypassed).toBe(2);
  });

  it('keeps one entry for hostile variants of one address, and renders the address it keeps', async () => {
    const canonical = await raw('/?page=2', { 'Accept-Encoding': 'identity' });
    const missesBefore = await counted('miss');
    const variants = [
      '/?page=02',
      '/?page=2&page=3',
      '/?page=2&utm_source=whatsapp&fbclid=x',
      `/?page=2&${'a'.repeat(6000)}=1`,
      '/?page=2&%ff%fe=%c3%28',
      '/?page=2&q=%3Cscript%3E',
    ];
    for (const variant of variants) {
      const answer = await raw(variant, {
        'Accept-Encoding': 'identity',
        Host: 'evil.example',
        'X-Forwarded-Host': 'evil.example',
        'X-Forwarded-Proto': 'gopher',
        'X-Forwarded-For': '203.0.113.9',
      });
      expect(answer.status).toBe(200);
      expect(answer.body.equals(canonical.body)).toBe(true);
    }
    expect(rendered).toEqual(['/?page=2']);
    expect((await counted('miss')) - missesBefore).toBe(0);
    // Page 1 is the home itself, however it is written.
    for (const first of ['/', '/?page=1', '/?page=0', '/?page=abc', '/?page=9999999']) await raw(first);
    expect(rendered).toEqual(['/?page=2', '/']);
  });

  it('renders but keeps nothing for what cannot be kept: searches, 404s, paths not written the site’s way', async () => {
    const missesBefore = await counted('miss');
    for (const address of [
      '/recherche?q=stage',
      '/articles/inconnu',
      '/articles/%61bc',
      '/articles/abc/',
      '/articles//abc',
    ]) {
      await raw(address);
      await raw(address);
    }
    expect(rendered.filter((url) => url === '/articles/inconnu')).toHaveLength(2);
    expect(rendered.filter((url) => url.startsWith('/recherche'))).toHaveLength(2);
    expect(rendered.filter((url) => url === '/articles/%61bc')).toHaveLength(2);
    // The 404 went through the cache's path (a kept address) but was not kept.
    expect((await counted('miss')) - missesBefore).toBe(2);
    // Not kept here, but public: a shared cache refreshing an unpublished article keeps the 404 instead.
    const missing = await raw('/articles/inconnu');
    expect(missing.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL);
    const posted = await fetch(`${base}/articles/stage-dakar`, { method: 'POST', body: 'x' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('cache-control')).toBe('no-store');
  });
});

describe('pageCacheKey', () => {
  it.each([
    ['/articles/stage', '', '/articles/stage'],
    ['/articles/stage', 'page=3&x=1', '/articles/stage'],
    ['/categorie/emploi', 'page=3', '/categorie/emploi?page=3'],
    ['/categorie/emploi', 'page=1', '/categorie/emploi'],
    ['/', 'page=12', '/?page=12'],
    ['/', 'page=100', '/?page=100'],
    ['/categorie/emploi', 'page=101', undefined],
    ['/recherche', 'q=stage', undefined],
    ['/apercu/articles/x', '', undefined],
    ['/articles/a%2Fb', '', '/articles/a%2Fb'],
    ['/articles/%C3%A9t%C3%A9', '', '/articles/%C3%A9t%C3%A9'],
    ['/articles/%c3%a9t%c3%a9', '', undefined],
    ['/articles/%zz', '', undefined],
    [`/articles/${'x'.repeat(600)}`, '', undefined],
  ])('keeps %s?%s under %s', (pathname, search, key) => {
    expect(pageCacheKey(pathname, new URLSearchParams(search))).toBe(key);
  });
});

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['BR', 'br'],
    ['deflate', 'identity'],
    ['gzip;q=0', 'identity'],
    ['', 'identity'],
    ['brotli, xgzip', 'identity'],
  ] as const)('answers %j in %s', (accepted, encoding) => {
    expect(chooseEncoding(accepted)).toBe(encoding);
  });
});

describe('PageCache', () => {
  it('stays within its bytes, pushing out the page read longest ago', () => {
    const page = (n: number) => keepPage(Buffer.from(`<p>${n} ${'é'.repeat(2000 + n)}</p>`), 200, {}, 'v');
    const size = page(0).bytes;
    const cache = new PageCache({ maxBytes: size * 20, maxAgeMs: 60_000 });
    cache.set('/articles/lue', page(0));
    for (let n = 1; n < 200; n += 1) {
      cache.set(`/articles/${n}`, page(n));
      // The page everyone reads stays: every read makes it the most recently used.
      expect(cache.get('/articles/lue', 'v')).toBeDefined();
    }
    expect(cache.byteSize).toBeLessThanOrEqual(size * 20);
    expect(cache.size).toBeLessThan(20);
    expect(cache.evictions).toBeGreaterThan(170);
  });

  it('answers nothing kept at another version or older than its age limit', () => {
    const cache = new PageCache({ maxBytes: 1024 * 1024, maxAgeMs: 1000 });
    cache.set('/', keepPage(Buffer.from('<p>accueil</p>'), 200, {}, 'v1'));
    expect(cache.get('/', 'v2')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set('/', keepPage(Buffer.from('<p>accueil</p>'), 200, {}, 'v1'));
    expect(cache.get('/', 'v1', Date.now() + 1000)).toBeUndefined();
  });
});

describe('watchContentVersion', () => {
  it('answers a refresh asked during a read with a read that starts after it', async () => {
    let version = 'avant';
    let asked = 0;
    const cms = createHttpServer((_request, response) => {
      asked += 1;
      const body = JSON.stringify({ version }); // what the CMS knew when the request arrived
      setTimeout(() => response.writeHead(200, { 'Content-Type': 'application/json' }).end(body), 100);
    });
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
    const watch = watchContentVersion({
      cmsUrl: `http://127.0.0.1:${(cms.address() as AddressInfo).port}`,
      intervalMs: 60_000,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 20)); // the first read is on its way
      version = 'après';
      const crowd = await Promise.all(Array.from({ length: 20 }, () => watch.refresh()));
      expect(new Set(crowd)).toEqual(new Set(['après']));
      expect(asked).toBe(2);
    } finally {
      watch.stop();
      cms.closeAllConnections();
      await new Promise((resolve) => cms.close(resolve));
    }
  });

  it('reads the CMS’s version, follows its changes, and forgets it when the CMS stops answering', async () => {
    let answer: string | undefined = JSON.stringify({ version: 'a' });
    const cms = createHttpServer((request, response) => {
      if (request.url !== '/_content-version' || answer === undefined) {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(answer);
    });
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
    const watch = watchContentVersion({
      cmsUrl: `http://127.0.0.1:${(cms.address() as AddressInfo).port}`,
      intervalMs: 50,
    });
    try {
      expect(await watch.refresh()).toBe('a');
      answer = JSON.stringify({ version: 'b' });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(watch.current()).toBe('b');
      for (const odd of ['{"version": 3}', 'pas du JSON', JSON.stringify({ version: 'x'.repeat(5000) })]) {
        answer = odd;
        expect(await watch.refresh()).toBeUndefined();
      }
      answer = undefined;
      expect(await watch.refresh()).toBeUndefined();
      expect(watch.current()).toBeUndefined();
    } finally {
      watch.stop();
      cms.closeAllConnections();
      await new Promise((resolve) => cms.close(resolve));
    }
  });
});
