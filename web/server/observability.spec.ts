// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSiteMetrics, pageKindOf, portOf, serveMetrics } from './observability';
import { createWebServer } from './server';

// The page server as main.ts runs it, against a stand-in CMS that records what it is asked.
const dist = mkdtempSync(path.join(tmpdir(), 'kiosque-web-obs-'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ARTICLE = {
  data: {
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
      commentCount: 0,
      seo: null,
      body: [],
      commentsClosed: false,
      commentsOpen: true,
    },
    groups: [],
    comments: {
      data: [],
      meta: { pagination: { page: 1, pageSize: 20, pageCount: 0, total: 0 }, total: 0, sort: 'oldest' },
    },
    related: [],
  },
};

let cmsReady: 'yes' | 'no' | 'down' = 'yes';
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let cms: Server;
let site: Server;
let metricsServer: Server;
let base = '';
let metricsUrl = '';
let lines: Record<string, unknown>[] = [];
const metrics = createSiteMetrics();

beforeAll(async () => {
  writeFileSync(
    path.join(dist, 'index.html'),
    '<html><head><title>Kiosque</title></head><body><div id="app"></div></body></html>',
  );
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1);');
  cms = createHttpServer((request, response) => {
    const url = request.url ?? '/';
    seen.push({ url, headers: request.headers });
    if (url === '/_ready') {
      if (cmsReady === 'down') {
        request.socket.destroy();
        return;
      }
      response.writeHead(cmsReady === 'yes' ? 200 : 503, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ status: cmsReady === 'yes' ? 'ready' : 'unavailable' }));
      return;
    }
    if (url.startsWith('/api/pages/article/bonjour')) {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(ARTICLE));
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-Id': 'the-cms-own-id' });
    response.end('{"data":[]}');
  });
  cms.listen(0, '127.0.0.1');
  await new Promise((resolve) => cms.once('listening', resolve));
  site = createWebServer({
    distDir: dist,
    siteUrl: 'https://kiosque.example.org',
    cmsUrl: `http://127.0.0.1:${(cms.address() as AddressInfo).port}`,
    proxyApi: true,
    // Stands for the SSR build (rendered for real by the browser tests): it asks the CMS for the
    // article page as the real one does, with the request id it is given.
    ssrEntry: async (url, context) => {
      await fetch(`${context.cmsUrl}/api/pages/article/bonjour`, {
        headers: context.requestId ? { 'X-Request-Id': context.requestId } : {},
      });
      return {
        status: 200,
        route: url.startsWith('/articles/') ? 'article' : 'other',
        appHtml: '',
        headTags: '',
        htmlAttrs: '',
        state: { siteUrl: context.siteUrl, data: {} },
        tags: [],
      };
    },
    metrics,
    log: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  metricsServer = await serveMetrics(metrics.registry, { port: 0, host: '127.0.0.1' });
  metricsUrl = `http://127.0.0.1:${portOf(metricsServer)}/metrics`;
});

afterAll(async () => {
  await Promise.all(
    [site, cms, metricsServer].map((server) => new Promise((resolve) => server?.close(resolve))),
  );
  rmSync(dist, { recursive: true, force: true });
});

beforeEach(() => {
  lines = [];
  seen.length = 0;
  cmsReady = 'yes';
});

/** The log line is written once the answer is sent: wait for it rather than for the answer. */
async function logged(count: number): Promise<Record<string, unknown>[]> {
  for (let tries = 0; lines.length < count && tries < 100; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return lines;
}

describe('the request log', () => {
  it('writes one JSON line per request with its fields, the path without its query string', async () => {
    const response = await fetch(`${base}/recherche?q=my+private+search&token=secret-token`);
    await response.text();
    const [line, ...more] = await logged(1);
    expect(more).toEqual([]);
    // The fields left once the three that vary are taken out: exactly these, nothing more.
    const { time, durationMs, requestId, ...fields } = line;
    expect(fields).toEqual({ level: 'info', msg: 'request', method: 'GET', path: '/recherche', status: 200 });
    expect(new Date(String(time)).toISOString()).toBe(time);
    expect(typeof durationMs).toBe('number');
    expect(requestId).toMatch(UUID);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('keeps a sane id from nginx and replaces a hostile one', async () => {
    const kept = await fetch(`${base}/healthz`, { headers: { 'X-Request-Id': 'nginx-abcdef012345' } });
    const replaced = await fetch(`${base}/healthz`, { headers: { 'X-Request-Id': 'x","level":"error' } });
    expect(kept.headers.get('x-request-id')).toBe('nginx-abcdef012345');
    expect(replaced.headers.get('x-request-id')).toMatch(UUID);
    expect((await logged(2)).map((line) => line.requestId)).toEqual([
      'nginx-abcdef012345',
      replaced.headers.get('x-request-id'),
    ]);
  });

  it.each([
    ['a page render', '/articles/bonjour', '/api/pages/article/bonjour'],
    ['a proxied API read', '/api/articles?x=1', '/api/articles?x=1'],
    ['a feed', '/rss.xml', '/api/feeds/rss.xml'],
  ])('passes the id on to the CMS for %s, and answers it once', async (_case, address, cmsPath) => {
    const response = await fetch(`${base}${address}`, { headers: { 'X-Request-Id': 'reader-req-42abc' } });
    expect(response.status).toBe(200);
    await response.text();
    expect(seen.find((request) => request.url === cmsPath)?.headers['x-request-id']).toBe('reader-req-42abc');
    expect(response.headers.get('x-request-id')).toBe('reader-req-42abc');
  });
});

describe('readiness', () => {
  it('is ready when the CMS is, and /healthz stays liveness whatever the CMS says', async () => {
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    // The answer is kept about a second: wait for it to go.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    cmsReady = 'no';
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toContain('the CMS answered 503');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
  });

  it('is not ready when the CMS does not answer', async () => {
    cmsReady = 'down';
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('the CMS did not answer');
    await new Promise((resolve) => setTimeout(resolve, 1100));
  });

  it('asks the CMS once for a storm of probes', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/readyz`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(await fetch(`${base}/readyz`).then((answer) => answer.status)).toBe(200);
    expect(seen.filter((request) => request.url === '/_ready')).toHaveLength(1);
  });
});

describe('metrics', () => {
  async function scrape(): Promise<string> {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    return response.text();
  }

  function count(text: string, labels: string): number {
    const line = text
      .split('\n')
      .find((candidate) => candidate.startsWith(`kiosque_site_request_duration_seconds_count{${labels}}`));
    return line === undefined ? 0 : Number(line.split(' ').pop());
  }

  it('time requests by page kind and status class', async () => {
    const before = await scrape();
    expect(before).toContain('# TYPE kiosque_site_request_duration_seconds histogram');
    expect(before).toContain('# TYPE process_cpu_seconds_total counter');
    await (await fetch(`${base}/articles/bonjour`)).text();
    await (await fetch(`${base}/assets/app-1.js`)).text();
    await logged(2);
    const after = await scrape();
    const article = 'page="article",method="GET",status_class="2xx"';
    const asset = 'page="asset",method="GET",status_class="2xx"';
    expect(count(after, article) - count(before, article)).toBe(1);
    expect(count(after, asset) - count(before, asset)).toBe(1);
    expect(after).not.toContain('bonjour');
  });

  it('are not served on the public port', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(await response.text()).not.toContain('kiosque_site_request_duration_seconds');
  });

  it.each([
    ['/', 'home'],
    ['/articles/bonjour', 'article'],
    ['/categorie/emploi/', 'category'],
    ['/recherche', 'search'],
    ['/apercu/articles/abc', 'preview'],
    ['/assets/index-1.js', 'asset'],
    ['/favicon.svg', 'asset'],
    ['/rss.xml', 'feed'],
    ['/sitemap.xml', 'feed'],
    ['/api/articles', 'other'],
    ['/nimporte/quoi', 'other'],
  ])('labels %s as %s', (address, kind) => {
    expect(pageKindOf(address)).toBe(kind);
  });
});
