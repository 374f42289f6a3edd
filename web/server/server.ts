import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import {
  BASE_SECURITY_HEADERS,
  POOL_PATH_PREFIX,
  PREVIEW_ROOT,
  PRIVATE_CACHE_CONTROL,
  PUBLIC_CACHE_CONTROL,
  PURGE_REQUEST_HEADER,
  contentPageOf,
  siteCsp,
  surrogateKeyHeader,
  type RenderPage,
} from '@kiosque/shared';
import { inlineStylesheets, readManifest, routePreloads } from './assets.js';
import { watchContentVersion, type ContentVersionWatch } from './content-version.js';
import { checkTemplate, renderDocument, shellDocument } from './document.js';
import {
  createReadiness,
  createSiteMetrics,
  observeRequest,
  type LogWriter,
  type SiteMetrics,
} from './observability.js';
import {
  PageCache,
  chooseEncoding,
  keepPage,
  pageCacheKey,
  type Encoding,
  type KeptPage,
  type PageCacheOptions,
} from './page-cache.js';
import { createPageRenderer } from './render.js';
import { createRedirects, type Redirects } from './redirects.js';
import type { ViewCounter } from './view-counts.js';
import { isReaderView } from './view-counts.js';
import { FEEDS, normalizeSiteUrl, pathOf, proxyToCms, robotsTxt, uploadHeaders } from './site.js';

export interface WebServerOptions {
  /** The built SPA (`web/dist`). */
  distDir: string;
  /** The reader site's public address: canonical links and share URLs point there. */
  siteUrl: string;
  /** The CMS origin the server renders pages and reads feeds from. */
  cmsUrl: string;
  /**
   * The SSR build's entry (`web/build/ssr/entry-server.js`, beside `distDir` by default) or its render
   * function: the pages' one renderer.
   */
  ssrEntry?: string | RenderPage;
  /** How long a page render may take before the SPA shell is answered instead (2.5 s). */
  renderTimeoutMs?: number;
  /** Also proxy /api and /uploads to the CMS (off when nginx in front does it). */
  proxyApi?: boolean;
  /** The API origin the SPA was built for when it is not this origin (VITE_API_URL), for the CSP. */
  apiOrigin?: string;
  /**
   * The CMS admin's origin: the content manager shows draft previews (/apercu/…) in a frame, so those
   * pages, and only those, may be framed by it. Without it, by this origin only.
   */
  adminOrigin?: string;
  /** The old addresses answered with a permanent redirect (from the CMS by default). */
  redirects?: Redirects;
  /** Where each request is counted (main.ts serves them on the metrics port). */
  metrics?: SiteMetrics;
  /** Where each request's JSON log line goes (the standard output by default). */
  log?: LogWriter;
  /**
   * The CMS's content version, which kept pages are valid at (asked of the CMS every second by
   * default); `false` keeps no page (every request is rendered).
   */
  contentVersion?: ContentVersionWatch | false;
  /** The rendered pages kept in memory (64 MB, 60 s at most). */
  pageCache?: Partial<PageCacheOptions>;
  /**
   * Where the views of the article pages it answers are counted (main.ts: with COUNT_SECRET); without
   * it, none is, and the SPA's beacon counts them (PageState.countsViews).
   */
  viewCounter?: ViewCounter;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
};

// Draft previews, which the CMS admin frames (adminOrigin).
const PREVIEW_PREFIX = `${PREVIEW_ROOT}/`;

const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/;

/**
 * The security headers of every page and file this server answers (the CMS sets its own), as nginx
 * sends them too (deploy/security-headers.conf): one definition, in shared/.
 */
export function securityHeaders(apiOrigin?: string, frameAncestors = "'none'"): Record<string, string> {
  return { ...BASE_SECURITY_HEADERS, 'Content-Security-Policy': siteCsp(apiOrigin, frameAncestors) };
}

function compress(body: Buffer, encoding: Encoding, best: boolean): Buffer {
  if (encoding === 'br') {
    return brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: best ? 11 : 5 } });
  }
  if (encoding === 'gzip') return gzipSync(body, { level: best ? 9 : 6 });
  return body;
}

/** A page answered without the page cache: a shell, a 404, a search, or any page while the version is unknown. */
interface PageAnswer {
  status: number;
  html: Buffer;
  headers: Record<string, string>;
  viewed?: string;
}

/**
 * The reader site's server: the built SPA's files (assets cached for a year), each page's HTML with
 * its head filled in for link previews and search engines, robots.txt, the RSS feed and the sitemap
 * (from the CMS), pools' addresses (/rejoindre/…, to the CMS) and, without nginx in front, /api and
 * /uploads proxied to the CMS.
 */
export function createWebServer(options: WebServerOptions): http.Server {
  const distDir = path.resolve(options.distDir);
  const siteUrl = normalizeSiteUrl(options.siteUrl);
  const cmsUrl = options.cmsUrl.replace(/\/+$/, '');
  const renderPage = createPageRenderer({
    entry: options.ssrEntry ?? path.join(distDir, '..', 'build', 'ssr', 'entry-server.js'),
    context: { siteUrl, cmsUrl, ...(options.viewCounter ? { countsViews: true } : {}) },
    timeoutMs: options.renderTimeoutMs,
  });
  const redirects = options.redirects ?? createRedirects({ cmsUrl });
  const metrics = options.metrics ?? createSiteMetrics();
  const cmsReady = createReadiness({ cmsUrl });
  // The site's stylesheet goes inside every page (server/assets.ts): nothing blocks the first paint.
  const template = inlineStylesheets(readFileSync(path.join(distDir, 'index.html'), 'utf8'), distDir);
  checkTemplate(template);
  const preloads = routePreloads(readManifest(distDir));
  const headers = securityHeaders(options.apiOrigin);
  const previewCsp = securityHeaders(
    options.apiOrigin,
    options.adminOrigin ? `'self' ${options.adminOrigin}` : "'self'",
  )['Content-Security-Policy'];
  const versions =
    options.contentVersion === undefined ? watchContentVersion({ cmsUrl }) : options.contentVersion;
  const pageCache = new PageCache({
    maxBytes: options.pageCache?.maxBytes ?? 64 * 1024 * 1024,
    maxAgeMs: options.pageCache?.maxAgeMs ?? 60_000,
  });
  // The renders under way, per key: a crowd on a page not (or no longer) kept waits for one render.
  const rendering = new Map<string, { version: string; answer: Promise<KeptPage | PageAnswer> }>();
  // The build does not change while the server runs: each file is read and compressed once.
  const files = new Map<string, { body: Buffer; type: string; variants: Map<Encoding, Buffer> } | null>();
  const viewCounter = options.viewCounter;

  /**
   * Counts the view of the article a 200 page shows (or its 304: the same page, revalidated by a
   * browser that had it: a reload, a link prefetched earlier now opened), if a reader asked for it.
   */
  function countView(request: IncomingMessage, answer: { status: number; viewed?: string }): void {
    if (viewCounter && answer.viewed !== undefined && answer.status === 200 && isReaderView(request)) {
      viewCounter.count(answer.viewed);
    }
  }

  function send(
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    type: string,
    body: Buffer,
    extra: Record<string, string>,
    variants?: Map<Encoding, Buffer>,
  ): void {
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    response.setHeader('ETag', etag);
    for (const [name, value] of Object.entries({ ...headers, ...extra })) response.setHeader(name, value);
    if (status === 200 && request.headers['if-none-match'] === etag) {
      response.writeHead(304);
      response.end();
      return;
    }
    let payload = body;
    response.setHeader('Content-Type', type);
    if (COMPRESSIBLE.test(type) && body.length > 512) {
      response.setHeader('Vary', 'Accept-Encoding');
      const encoding = chooseEncoding(request.headers['accept-encoding']);
      if (encoding !== 'identity') {
        payload = variants?.get(encoding) ?? compress(body, encoding, variants !== undefined);
        variants?.set(encoding, payload);
        response.setHeader('Content-Encoding', encoding);
      }
    }
    response.setHeader('Content-Length', payload.length);
    response.writeHead(status);
    response.end(request.method === 'HEAD' ? undefined : payload);
  }

  function staticFile(pathname: string) {
    if (files.has(pathname)) return files.get(pathname);
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    const file = path.resolve(distDir, `.${decoded}`);
    let found = null;
    // Never a file outside the build (`..%2F`), nor the bare template.
    if (file.startsWith(distDir + path.sep) && file !== path.join(distDir, 'index.html')) {
      try {
        if (statSync(file).isFile()) {
          const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
          found = { body: readFileSync(file), type, variants: new Map<Encoding, Buffer>() };
        }
      } catch {
        // not a file of the build
      }
    }
    if (files.size < 5000) files.set(pathname, found);
    return found;
  }

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://site.invalid');
    const { pathname } = url;

    if (pathname === '/healthz') {
      send(request, response, 200, 'text/plain; charset=utf-8', Buffer.from('ok\n'), {
        'Cache-Control': 'no-store',
      });
      return;
    }
    // Liveness is /healthz (this process answers); readiness also needs the CMS, without which
    // pages lose their heads and feeds fail.
    if (pathname === '/readyz') {
      const readiness = await cmsReady(requestId);
      const text = readiness.ready ? 'ready\n' : `not ready: ${readiness.reason}\n`;
      send(request, response, readiness.ready ? 200 : 503, 'text/plain; charset=utf-8', Buffer.from(text), {
        'Cache-Control': 'no-store',
      });
      return;
    }
    if (options.proxyApi && pathname.startsWith('/api/')) {
      proxyToCms(request, response, cmsUrl, `${pathname}${url.search}`);
      return;
    }
    if (options.proxyApi && pathname.startsWith('/uploads/')) {
      proxyToCms(request, response, cmsUrl, `${pathname}${url.search}`, {
        answerHeaders: (answer) => ({ ...headers, ...uploadHeaders(answer.headers['content-type']) }),
      });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, {
        ...headers,
        Allow: 'GET, HEAD',
        'Cache-Control': PRIVATE_CACHE_CONTROL,
        'Content-Type': 'text/plain; charset=utf-8',
      });
      response.end('Méthode non autorisée.\n');
      return;
    }
    if (FEEDS[pathname]) {
      // The site's security headers in place of the CMS's own (Strapi's Referrer-Policy and CSP):
      // a feed answers like every other address of the site.
      proxyToCms(request, response, cmsUrl, FEEDS[pathname], { answerHeaders: () => headers });
      return;
    }
    if (pathname.startsWith(POOL_PATH_PREFIX)) {
      // A pool's printed address: the CMS picks the group at each visit (and takes the seat), so it
      // is never answered from here nor cached. nginx sends it to the CMS directly.
      proxyToCms(request, response, cmsUrl, `/api${pathname}${url.search}`, { answerHeaders: () => headers });
      return;
    }
    if (pathname === '/robots.txt') {
      send(request, response, 200, 'text/plain; charset=utf-8', Buffer.from(robotsTxt(siteUrl)), {
        'Cache-Control': 'public, max-age=3600',
      });
      return;
    }
    const file = staticFile(pathname);
    if (file) {
      const cacheControl = pathname.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0, must-revalidate';
      send(request, response, 200, file.type, file.body, { 'Cache-Control': cacheControl }, file.variants);
      return;
    }
    if (pathname.startsWith('/assets/')) {
      send(request, response, 404, 'text/plain; charset=utf-8', Buffer.from('Introuvable.\n'), {
        'Cache-Control': 'no-store',
      });
      return;
    }

    // An old address of the blog the site came from (web/server/redirects.ts); Kiosque's own
    // pages are never shadowed.
    if (!contentPageOf(pathname) && (pathname !== '/' || url.search !== '')) {
      const target = await redirects.lookup(pathname, url.search);
      if (target) {
        response.writeHead(301, { ...headers, Location: target, 'Cache-Control': 'public, max-age=3600' });
        response.end();
        return;
      }
    }

    if (pathname.startsWith(PREVIEW_PREFIX)) {
      // A draft preview's token is in the address's fragment, which only the browser sees: it renders
      // the preview itself, and no search engine may index its shell.
      const html = Buffer.from(shellDocument(template, { noindex: true }));
      send(request, response, 200, TYPES['.html'], html, {
        'Cache-Control': PRIVATE_CACHE_CONTROL,
        'Content-Security-Policy': previewCsp,
      });
      return;
    }

    const key = pageCacheKey(pathname, url.searchParams);
    // A shared cache refreshing the page for the purge hook right after a change: the version read
    // up to a second ago may be the one before it: read it again (concurrent refreshes share one read).
    const refreshing = request.headers[PURGE_REQUEST_HEADER.toLowerCase()] !== undefined;
    const version =
      key === undefined || versions === false
        ? undefined
        : refreshing
          ? await versions.refresh()
          : versions.current();
    if (key === undefined || version === undefined) {
      metrics.pageCache.inc({ result: 'bypass' });
      const answer = await renderAnswer(`${pathname}${url.search}`, requestId);
      countView(request, answer);
      send(request, response, answer.status, TYPES['.html'], answer.html, answer.headers);
      return;
    }
    const kept = pageCache.get(key, version);
    if (kept) {
      metrics.pageCache.inc({ result: 'hit' });
      countView(request, kept);
      sendKept(request, response, kept);
      return;
    }
    metrics.pageCache.inc({ result: 'miss' });
    // A render started before the version moved is not waited for: it may show the content of before.
    let flight = rendering.get(key);
    if (flight?.version !== version) {
      const mine = {
        version,
        answer: renderAndKeep(key, version, requestId).finally(() => {
          if (rendering.get(key) === mine) rendering.delete(key);
        }),
      };
      rendering.set(key, mine);
      flight = mine;
    }
    const answer = await flight.answer;
    countView(request, answer);
    if ('bodies' in answer) sendKept(request, response, answer);
    else send(request, response, answer.status, TYPES['.html'], answer.html, answer.headers);
  }

  /**
   * Renders `url` (path and query) to the document readers get: the page, or the SPA shell when the
   * render failed (logged with its reason). Only a 200 may be kept by a shared cache.
   */
  async function renderAnswer(url: string, requestId: string): Promise<PageAnswer> {
    const outcome = await renderPage(url, requestId);
    if (outcome.kind === 'shell') {
      if (outcome.reason)
        console.warn(`[kiosque-web] ${pathOf(url)}: answered the SPA shell, ${outcome.reason}`);
      return {
        status: outcome.status,
        html: Buffer.from(shellDocument(template, { noindex: true })),
        headers: {
          'Cache-Control': PRIVATE_CACHE_CONTROL,
          ...(outcome.status === 503 ? { 'Retry-After': '30' } : {}),
        },
      };
    }
    const { page } = outcome;
    const tags = surrogateKeyHeader(page.tags);
    return {
      status: page.status,
      html: Buffer.from(renderDocument(template, page, preloads[page.route])),
      ...(page.viewed !== undefined && page.status === 200 ? { viewed: page.viewed } : {}),
      // Browsers always ask again (max-age=0; the ETag makes it cheap); a shared cache keeps a page
      // until the CMS's purge hook names one of its tags (shared/src/cache/http-cache.ts).
      // A 404 too: a shared cache refreshing an unpublished article's entry (the purge hook) must be
      // able to keep the 404 in its place; an error or the shell never.
      headers:
        page.status === 200 || page.status === 404
          ? {
              'Cache-Control': PUBLIC_CACHE_CONTROL,
              'Surrogate-Key': tags,
              'Cache-Tag': tags.replaceAll(' ', ','),
            }
          : { 'Cache-Control': PRIVATE_CACHE_CONTROL },
    };
  }

  /**
   * Renders the page kept under `key` (the address it stands for) and compresses it once for every
   * reader. It is kept only if the content version did not move during the render: a page rendered
   * from content read before a change must not outlive it.
   */
  async function renderAndKeep(
    key: string,
    version: string,
    requestId: string,
  ): Promise<KeptPage | PageAnswer> {
    const answer = await renderAnswer(key, requestId);
    if (answer.status !== 200) return answer;
    const kept: KeptPage = {
      ...keepPage(
        answer.html,
        answer.status,
        { ...headers, 'Content-Type': TYPES['.html'], ...answer.headers },
        version,
      ),
      ...(answer.viewed !== undefined ? { viewed: answer.viewed } : {}),
    };
    if (versions !== false && versions.current() === version) pageCache.set(key, kept);
    return kept;
  }

  /** A kept page: its bytes and headers as built once, in the encoding the reader accepts. */
  function sendKept(request: IncomingMessage, response: ServerResponse, kept: KeptPage): void {
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (request.headers['if-none-match'] === kept.etag) {
      response.writeHead(304, {
        ETag: kept.etag,
        'Cache-Control': String(kept.headers.identity['Cache-Control']),
      });
      response.end();
      return;
    }
    response.writeHead(kept.status, kept.headers[encoding]);
    response.end(request.method === 'HEAD' ? undefined : kept.bodies[encoding]);
  }

  const server = http.createServer((request, response) => {
    const requestId = observeRequest(request, response, metrics, options.log);
    handle(request, response, requestId).catch((error: unknown) => {
      console.error(`[kiosque-web] ${request.method} ${pathOf(request.url)}:`, error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(500, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': PRIVATE_CACHE_CONTROL,
      });
      response.end('Erreur interne.\n');
    });
  });
  if (versions !== false && options.contentVersion === undefined) server.on('close', () => versions.stop());
  return server;
}
