import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  REQUEST_ID_HEADER,
  requestDurationHistogram,
  requestIdFrom,
  statusClassOf,
  type MetricsAddress,
} from '@kiosque/shared';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { pathOf } from './site.js';

/** What the page server counts for Prometheus. */
export interface SiteMetrics {
  registry: Registry;
  requests: Histogram<'page' | 'method' | 'status_class'>;
  /** Pages answered from the page cache (`hit`), rendered and kept (`miss`), or rendered and not kept (`bypass`). */
  pageCache: Counter<'result'>;
}

export function createSiteMetrics(): SiteMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Histogram({
      ...requestDurationHistogram(
        'kiosque_site_request_duration_seconds',
        'Time to answer a request of the reader site, by page kind, method and status class.',
        'page',
      ),
      registers: [registry],
    }),
    pageCache: new Counter({
      name: 'kiosque_site_page_cache_total',
      help: 'Pages answered from the page cache (hit), rendered for it (miss), or rendered without it (bypass).',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}

export type PageKind = 'home' | 'article' | 'category' | 'search' | 'preview' | 'asset' | 'feed' | 'other';

/** The kind of page an address asks for: a label of bounded cardinality, never the raw path. */
export function pageKindOf(pathname: string): PageKind {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/') return 'home';
  if (path.startsWith('/articles/')) return 'article';
  if (path.startsWith('/categorie/')) return 'category';
  if (path === '/recherche') return 'search';
  if (path.startsWith('/apercu/')) return 'preview';
  if (path === '/rss.xml' || path === '/sitemap.xml') return 'feed';
  if (path.startsWith('/assets/') || /^\/[^/]+\.[A-Za-z0-9]+$/.test(path)) return 'asset';
  return 'other';
}

export type LogWriter = (line: string) => void;

// Lines of one turn of the event loop go out in one write: under a crowd, a write per request cost
// the page server a third of its time on kept pages (docs/performance.md). Whatever is pending goes
// out before the process exits.
let pendingLines: string[] = [];
const flushLines = () => {
  if (pendingLines.length === 0) return;
  const text = `${pendingLines.join('\n')}\n`;
  pendingLines = [];
  process.stdout.write(text);
};
process.on('exit', flushLines);

const writeToStdout: LogWriter = (line) => {
  if (pendingLines.push(line) === 1) setImmediate(flushLines);
};

/**
 * Gives a request its id (X-Request-Id: kept from nginx when sane, else made here), puts it on the
 * request so that whatever asks the CMS for it passes it on, echoes it in the answer, and when the
 * answer is sent writes one JSON line (the path without its query string: a query can hold a
 * preview token or a reader's search) and counts it. Returns the id.
 */
export function observeRequest(
  request: IncomingMessage,
  response: ServerResponse,
  metrics: SiteMetrics,
  write: LogWriter = writeToStdout,
): string {
  const started = process.hrtime.bigint();
  const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER], randomUUID);
  request.headers[REQUEST_ID_HEADER] = requestId;
  response.setHeader('X-Request-Id', requestId);
  const path = pathOf(request.url);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // A connection cut before any answer shows as 499, as in nginx's log.
    const status = response.headersSent ? response.statusCode : 499;
    metrics.requests.observe(
      {
        page: pageKindOf(path),
        method: request.method ?? 'GET',
        status_class: statusClassOf(status),
      },
      seconds,
    );
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level: status >= 500 ? 'error' : 'info',
        msg: 'request',
        method: request.method,
        path,
        status,
        durationMs: Math.round(seconds * 1e4) / 10,
        requestId,
      }),
    );
  };
  response.on('finish', finish);
  response.on('close', finish);
  return requestId;
}

/**
 * Serves `GET /metrics` on a port of its own, which nginx never proxies: readers cannot reach it.
 * Resolves once it listens.
 */
export function serveMetrics(registry: Registry, address: MetricsAddress): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || pathOf(request.url) !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Metrics failed.\n'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function portOf(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

export type Readiness = { ready: true } | { ready: false; reason: string };

export interface ReadinessOptions {
  cmsUrl: string;
  /** How long the CMS may take to say it is ready. */
  timeoutMs?: number;
  /** How long an answer is kept: a storm of probes costs the CMS one request. */
  keptMs?: number;
}

/**
 * Whether the page server can do its work: the CMS says it is ready (`/_ready`: it answers and so
 * does its database). Without it every article page would be the bare shell with a 503.
 */
export function createReadiness({ cmsUrl, timeoutMs = 2000, keptMs = 1000 }: ReadinessOptions) {
  const url = `${cmsUrl.replace(/\/+$/, '')}/_ready`;
  let kept: { until: number; readiness: Readiness } | undefined;
  let running: Promise<Readiness> | undefined;

  async function ask(requestId: string | undefined): Promise<Readiness> {
    try {
      const answer = await fetch(url, {
        headers: { Accept: 'application/json', ...(requestId ? { 'X-Request-Id': requestId } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await answer.body?.cancel();
      return answer.ok ? { ready: true } : { ready: false, reason: `the CMS answered ${answer.status}` };
    } catch (error) {
      return {
        ready: false,
        reason: `the CMS did not answer (${error instanceof Error ? error.message : String(error)})`,
      };
    }
  }

  return function check(requestId?: string): Promise<Readiness> {
    if (kept && kept.until > Date.now()) return Promise.resolve(kept.readiness);
    running ??= ask(requestId).then((readiness) => {
      kept = { until: Date.now() + keptMs, readiness };
      running = undefined;
      return readiness;
    });
    return running;
  };
}
