import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '@strapi/strapi';
import { requestDurationHistogram } from '@kiosque/shared';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { KiosqueConfig } from '../../config/kiosque';
import { responseCacheOf } from '../cache/response-cache';

/** What the CMS counts for Prometheus (see docs/operations.md for what each one tells an operator). */
export interface CmsMetrics {
  registry: Registry;
  requests: Histogram<'route' | 'method' | 'status_class'>;
  responseCache: Counter<'result'>;
  comments: Counter<'status' | 'outcome' | 'reason'>;
  joinClicks: Counter;
  purgeHook: Counter<'outcome'>;
}

/** The answers of POST /api/comments that are labelled by status; anything else is `other`. */
const COMMENT_STATUSES = new Set([201, 400, 403, 404, 413, 415, 429]);

const PENDING_KEPT_MS = 5000;

const metrics = new WeakMap<Core.Strapi, CmsMetrics>();

function createMetrics(strapi: Core.Strapi): CmsMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const cache = responseCacheOf(strapi);

  new Gauge({
    name: 'kiosque_response_cache_entries',
    help: 'Answers the response cache holds.',
    registers: [registry],
    collect() {
      this.set(cache.size);
    },
  });
  new Gauge({
    name: 'kiosque_response_cache_bytes',
    help: 'Bytes the response cache holds.',
    registers: [registry],
    collect() {
      this.set(cache.byteSize);
    },
  });
  new Gauge({
    name: 'kiosque_response_cache_generation',
    help: 'The response cache generation: it moves on every content change (each one empties the cache).',
    registers: [registry],
    collect() {
      this.set(cache.generation);
    },
  });

  // The cache counts its evictions itself (it knows nothing of Prometheus); a scrape adds what is new.
  let evictionsReported = 0;
  new Counter({
    name: 'kiosque_response_cache_evictions_total',
    help: 'Answers the response cache pushed out to stay within RESPONSE_CACHE_MAX_ENTRIES and _MAX_MB.',
    registers: [registry],
    collect() {
      const evictions = cache.evictions;
      if (evictions > evictionsReported) this.inc(evictions - evictionsReported);
      evictionsReported = evictions;
    },
  });

  // A scrape every few seconds from each Prometheus must not become a database query each time.
  let pending: { at: number; count: number } | undefined;
  new Gauge({
    name: 'kiosque_comments_pending',
    help: 'Comments waiting for a moderator.',
    registers: [registry],
    async collect() {
      if (pending === undefined || Date.now() - pending.at > PENDING_KEPT_MS) {
        try {
          const count = await strapi
            .documents('api::comment.comment')
            .count({ filters: { moderationStatus: 'pending' } });
          pending = { at: Date.now(), count };
        } catch (error) {
          strapi.log.warn(`Metrics: pending comments not counted (${String(error)}).`);
          return;
        }
      }
      this.set(pending.count);
    },
  });

  return {
    registry,
    requests: new Histogram({
      ...requestDurationHistogram(
        'kiosque_cms_request_duration_seconds',
        'Time to answer a request, by route pattern, method and status class.',
        'route',
      ),
      registers: [registry],
    }),
    responseCache: new Counter({
      name: 'kiosque_response_cache_requests_total',
      help: 'Public reads the response cache answered from memory (hit) or had computed (miss).',
      labelNames: ['result'],
      registers: [registry],
    }),
    comments: new Counter({
      name: 'kiosque_comment_submissions_total',
      help: 'Comments posted, by answer status and reason: 201 accepted (approved or pending), the others refused.',
      labelNames: ['status', 'outcome', 'reason'],
      registers: [registry],
    }),
    joinClicks: new Counter({
      name: 'kiosque_join_clicks_total',
      help: 'Readers sent on to a community group (302 answers of /api/go/).',
      registers: [registry],
    }),
    purgeHook: new Counter({
      name: 'kiosque_purge_hook_requests_total',
      help: 'Requests to the purge hook (PURGE_HOOK_URLS): sent, retried after a failure, or failed for good.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

/** The metrics of this Strapi instance. */
export function metricsOf(strapi: Core.Strapi): CmsMetrics {
  let found = metrics.get(strapi);
  if (!found) {
    found = createMetrics(strapi);
    metrics.set(strapi, found);
  }
  return found;
}

/** The label of a POST /api/comments answer. */
export function commentStatusLabel(status: number): string {
  return COMMENT_STATUSES.has(status) ? String(status) : 'other';
}

/** Reasons the comment service gives (api/comment/model/comment-errors.ts), and the shown status of a 201. */
const COMMENT_REASONS = new Set([
  'approved',
  'pending',
  'invalid',
  'idempotency_key',
  'article_not_found',
  'closed',
  'parent_not_found',
  'rate_limited',
  'duplicate',
]);

/** Refusals made before the service runs, by their status. */
const REASONS_BY_STATUS: Record<number, string> = {
  400: 'malformed',
  413: 'too_large',
  415: 'not_json',
  429: 'rate_limited',
};

/**
 * The `reason` label of a POST /api/comments answer: what the comment service said (the controller
 * leaves it in `ctx.state.commentReason`), else what the status alone tells (a body too large for the
 * parser, not JSON, not parseable), else `other`: a bounded set whatever a client sends.
 */
export function commentReasonLabel(status: number, reason: unknown): string {
  if (typeof reason === 'string' && COMMENT_REASONS.has(reason)) return reason;
  return REASONS_BY_STATUS[status] ?? 'other';
}

/**
 * Serves `GET /metrics` on its own port, apart from the public one: nginx and the page server proxy
 * only the public port, so no reader can ever reach it.
 */
export function startMetricsServer(strapi: Core.Strapi): http.Server | undefined {
  const address = strapi.config.get<KiosqueConfig['metrics']>('kiosque.metrics');
  if (address === undefined) return undefined;
  const { registry } = metricsOf(strapi);
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      (error: unknown) => {
        strapi.log.error(`Metrics: ${String(error)}`);
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Metrics failed.\n');
      },
    );
  });
  // A metrics port already taken must not keep the CMS from serving readers.
  server.on('error', (error) => strapi.log.error(`Metrics: not served (${error.message}).`));
  server.listen(address.port, address.host, () => {
    const { port } = server.address() as AddressInfo;
    strapi.log.info(`Metrics on http://${address.host}:${port}/metrics`);
  });
  // Never what keeps the process alive; `destroy` (src/index.ts) closes it.
  server.unref();
  return server;
}
