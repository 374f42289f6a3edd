// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MAX_VIEW_COUNT_ENTRIES,
  VIEW_COUNTS_PATH,
  type RenderedPage,
  type RenderPage,
  type ViewCount,
} from '@kiosque/shared';
import { renderedPage } from './rendered-page.testing';
import { createWebServer } from './server';
import { createViewCounter, type ViewCounter } from './view-counts';

const SECRET = 'secret-de-test';
const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const dist = mkdtempSync(path.join(tmpdir(), 'kiosque-views-'));

/** Stands for the SSR build: an article page (which names its article), a 404, the home page. */
const fakeRender: RenderPage = async (url, context) => {
  const page = (overrides: Partial<RenderedPage>) => renderedPage(context, overrides);
  const pathname = url.split('?')[0];
  if (pathname === '/articles/un') return page({ route: 'article', viewed: 'article-un' });
  if (pathname === '/articles/deux') return page({ route: 'article', viewed: 'article-deux' });
  if (pathname === '/articles/inconnu') return page({ status: 404, route: 'not-found' });
  return page({ route: 'home' });
};

/** A stand-in for the CMS's POST /api/reader-counts/views over real HTTP: what it received, and how it answers. */
let received: { authorization: string | undefined; views: ViewCount[] }[] = [];
let cmsStatus = 200;
let cms: Server;
let cmsUrl = '';

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  mkdirSync(path.join(dist, '.vite'), { recursive: true });
  writeFileSync(
    path.join(dist, 'index.html'),
    '<html lang="fr"><head><title>Kiosque</title></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(path.join(dist, '.vite', 'manifest.json'), '{}');
  cms = createServer((request, response) => {
    void body(request).then((text) => {
      if (request.method === 'POST' && request.url === VIEW_COUNTS_PATH) {
        received.push({
          authorization: request.headers.authorization,
          views: (JSON.parse(text) as { views: ViewCount[] }).views,
        });
      }
      response.writeHead(cmsStatus, { 'Content-Type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
  cmsUrl = `http://127.0.0.1:${(cms.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => cms.close(resolve));
  rmSync(dist, { recursive: true, force: true });
});

afterEach(() => {
  received = [];
  cmsStatus = 200;
});

/** Every view the stand-in CMS received, summed per article. */
function receivedPerArticle(): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const flush of received)
    for (const view of flush.views) totals[view.article] = (totals[view.article] ?? 0) + view.count;
  return totals;
}

async function withSite(
  options: { cached: boolean; counter?: ViewCounter },
  run: (base: string, counter: ViewCounter | undefined) => Promise<void>,
): Promise<void> {
  // The flushes are the test's own (flush()), not a timer's.
  const counter =
    'counter' in options
      ? options.counter
      : createViewCounter({ cmsUrl, secret: SECRET, flushIntervalMs: 60_000 });
  const server = createWebServer({
    distDir: dist,
    siteUrl: 'https://kiosque.example.org',
    cmsUrl: 'http://127.0.0.1:9',
    ssrEntry: fakeRender,
    redirects: { lookup: async () => undefined } as never,
    contentVersion: options.cached
      ? { current: () => 'v1', refresh: async () => 'v1', stop: () => {} }
      : false,
    viewCounter: counter,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, counter);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(url, { method, headers: { 'User-Agent': BROWSER, ...headers } }).then(async (response) => {
    await response.arrayBuffer();
    return response;
  });

describe('the page server counting article views', () => {
  for (const cached of [false, true]) {
    it(`counts a reader's GET of an article page, rendered or kept (${cached ? 'page cache on' : 'page cache off'}), and nothing else`, async () => {
      await withSite({ cached }, async (base, counter) => {
        for (let index = 0; index < 3; index += 1)
          expect((await get(`${base}/articles/un`)).status).toBe(200);
        await get(`${base}/articles/deux?utm_source=whatsapp`);
        // Not views: a crawler, a link-preview fetcher, an empty User-Agent, a HEAD, prefetches and a
        // prerender, a 404, the home page, a draft preview.
        await get(`${base}/articles/un`, {
          'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
        });
        await get(`${base}/articles/un`, { 'User-Agent': 'WhatsApp/2.23.20.0 A' });
        await get(`${base}/articles/un`, { 'User-Agent': 'facebookexternalhit/1.1' });
        await get(`${base}/articles/un`, { 'User-Agent': '' });
        await get(`${base}/articles/un`, {}, 'HEAD');
        await get(`${base}/articles/un`, { 'Sec-Purpose': 'prefetch' });
        await get(`${base}/articles/un`, { 'Sec-Purpose': 'prefetch;prerender' });
        await get(`${base}/articles/un`, { Purpose: 'prefetch' });
        await get(`${base}/articles/un`, { 'X-Purpose': 'preview' });
        await get(`${base}/articles/un`, { 'X-Moz': 'prefetch' });
        expect((await get(`${base}/articles/inconnu`)).status).toBe(404);
        await get(`${base}/`);
        await get(`${base}/apercu/articles/article-un`);
        await counter!.flush();
        expect(receivedPerArticle()).toEqual({ 'article-un': 3, 'article-deux': 1 });
        expect(received.every((flush) => flush.authorization === `Bearer ${SECRET}`)).toBe(true);
      });
    });
  }

  it('tells the SPA it counts views, in every page, only when it does', async () => {
    const state = async (base: string) =>
      JSON.parse(
        /id="kiosque-page-data">([\s\S]*?)<\/script>/.exec(
          await (await fetch(`${base}/articles/un`)).text(),
        )![1],
      ) as {
        countsViews?: boolean;
      };
    await withSite({ cached: true }, async (base) => expect((await state(base)).countsViews).toBe(true));
    await withSite({ cached: true, counter: undefined }, async (base) =>
      expect((await state(base)).countsViews).toBeUndefined(),
    );
  });

  it('sends a flush of many views as one request per day and article, and nothing when nothing was seen', async () => {
    const counter = createViewCounter({ cmsUrl, secret: SECRET, flushIntervalMs: 60_000 });
    await counter.flush();
    expect(received).toEqual([]);
    const today = new Date('2026-12-02T23:59:59Z');
    const tomorrow = new Date('2026-12-03T00:00:01Z');
    for (let index = 0; index < 1000; index += 1) counter.count('article-un', today);
    for (let index = 0; index < 5; index += 1) counter.count('article-un', tomorrow);
    counter.count('article-deux', today);
    await counter.flush();
    expect(received).toHaveLength(1);
    expect(received[0].views).toEqual([
      { article: 'article-un', day: '2026-12-02', count: 1000 },
      { article: 'article-deux', day: '2026-12-02', count: 1 },
      { article: 'article-un', day: '2026-12-03', count: 5 },
    ]);
    await counter.flush();
    expect(received).toHaveLength(1);
  });

  it('counts a view on the UTC day it happens, the one before midnight and the one after apart', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const counter = createViewCounter({ cmsUrl, secret: SECRET, flushIntervalMs: 60_000 });
      vi.setSystemTime(new Date('2026-12-02T23:59:59.900Z'));
      counter.count('article-un');
      vi.setSystemTime(new Date('2026-12-03T00:00:00.100Z'));
      counter.count('article-un');
      counter.count('article-un');
      // A clock put back (NTP) counts on its own day again.
      vi.setSystemTime(new Date('2026-12-02T12:00:00Z'));
      counter.count('article-un');
      expect(counter.pending).toBe(2);
      await counter.flush();
      expect(received.at(-1)?.views).toEqual([
        { article: 'article-un', day: '2026-12-02', count: 2 },
        { article: 'article-un', day: '2026-12-03', count: 2 },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it(`splits more than ${MAX_VIEW_COUNT_ENTRIES} article-days into requests the CMS accepts`, async () => {
    const counter = createViewCounter({ cmsUrl, secret: SECRET, flushIntervalMs: 60_000 });
    for (let index = 0; index < MAX_VIEW_COUNT_ENTRIES + 1; index += 1) counter.count(`article-${index}`);
    await counter.flush();
    expect(received.map((flush) => flush.views.length)).toEqual([MAX_VIEW_COUNT_ENTRIES, 1]);
  });

  it('keeps the views of a flush the CMS refused for the next one', async () => {
    const counter = createViewCounter({ cmsUrl, secret: SECRET, flushIntervalMs: 60_000, onError: () => {} });
    counter.count('article-un');
    cmsStatus = 503;
    await counter.flush();
    expect(counter.pending).toBe(1);
    cmsStatus = 200;
    counter.count('article-un');
    received = [];
    await counter.flush();
    expect(receivedPerArticle()).toEqual({ 'article-un': 2 });
    expect(counter.pending).toBe(0);
  });

  it('sends what is pending when it stops, and on its timer', async () => {
    const onStop = createViewCounter({ cmsUrl, secret: SECRET, flushIntervalMs: 60_000 });
    onStop.start();
    onStop.count('article-un');
    await onStop.stop();
    expect(receivedPerArticle()).toEqual({ 'article-un': 1 });

    received = [];
    const timed = createViewCounter({ cmsUrl, secret: SECRET, flushIntervalMs: 100 });
    timed.start();
    timed.count('article-deux');
    await expect.poll(() => receivedPerArticle(), { timeout: 2000 }).toEqual({ 'article-deux': 1 });
    await timed.stop();
  });
});
