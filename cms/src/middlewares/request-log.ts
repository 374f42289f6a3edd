import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { REQUEST_ID_HEADER, requestIdFrom, statusClassOf } from '@kiosque/shared';
import { commentReasonLabel, commentStatusLabel, metricsOf } from '../observability/metrics';
import { CACHEABLE_PATH } from './response-cache';

type Context = Parameters<Core.MiddlewareHandler>[0];
type Next = Parameters<Core.MiddlewareHandler>[1];

// Strapi's (winston's) levels, most severe first.
const LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];

function allows(configured: string, level: string): boolean {
  const at = LEVELS.indexOf(configured);
  return LEVELS.indexOf(level) <= (at === -1 ? LEVELS.indexOf('http') : at);
}

/**
 * A route label of bounded cardinality: the router's pattern (`/api/articles/:id`), never the raw
 * path. Requests the router never saw are grouped: answered by the response cache, a static file,
 * the admin's own files, or nothing.
 */
function routeOf(ctx: Context, fromCache: boolean): string {
  const matched = (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute;
  if (matched !== undefined) return String(matched);
  if (fromCache) return '(response cache)';
  if (ctx.path.startsWith('/uploads/')) return '/uploads/*';
  if (ctx.path === '/admin' || ctx.path.startsWith('/admin/')) return '/admin/*';
  return '(unmatched)';
}

/** Whether the answer came through the response cache, and whether from memory or computed. */
function cacheResult(ctx: Context): 'hit' | 'miss' | undefined {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return undefined;
  if (!CACHEABLE_PATH.test(ctx.path) || (ctx.state as { responseCache?: boolean }).responseCache !== true)
    return undefined;
  if (ctx.response.get('etag') === '') return undefined;
  // An answer from memory never reached the router.
  return (ctx as Context & { _matchedRoute?: unknown })._matchedRoute === undefined ? 'hit' : 'miss';
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** A mail link's path: /api/mail/<kind>/<signed token>. */
const MAIL_LINK_PATH = /^(\/api\/mail\/[a-z-]+\/)[^/]+$/;

/**
 * The path as the log line names it: a mail link's token is replaced, since the token is the whole
 * guard of the link (an unsubscription never expires, an erasure link erases) and a log is kept
 * and shared. The kind stays, for reading the log.
 */
export function loggedPath(path: string): string {
  return path.replace(MAIL_LINK_PATH, '$1[jeton]');
}

/**
 * First global middleware, around everything else, the response cache included: gives each request
 * its id (X-Request-Id, kept from nginx or the page server when sane, else made here), echoes it in
 * the answer, writes one JSON line per request to the standard output and counts it for Prometheus.
 * It reads only the method, the path and that header, and sets its header once the answer is made,
 * so it can change neither what the cache keeps nor what it serves. The line has the path without
 * its query string: a query can hold a token (previews, mail actions) and a log is kept and shared.
 * Lines are written at Strapi's `http` level (`error` for a 5xx), so LOG_LEVEL=warn silences them.
 */
const requestLog: Core.MiddlewareFactory = (_config, { strapi }) => {
  const metrics = metricsOf(strapi);
  const level = String(
    (strapi.log as { level?: unknown }).level ?? strapi.config.get<string>('logger.level', 'http'),
  );

  return async (ctx: Context, next: Next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(ctx.req.headers[REQUEST_ID_HEADER], randomUUID);
    // Strapi and whatever it calls see the id this line names.
    ctx.req.headers[REQUEST_ID_HEADER] = requestId;
    ctx.state.requestId = requestId;
    let status = 404;
    try {
      await next();
      status = ctx.status;
      ctx.set('X-Request-Id', requestId);
    } catch (error) {
      status = statusOf(error);
      // Koa's error answer keeps the headers an error carries.
      if (typeof error === 'object' && error !== null) {
        const carrier = error as { headers?: Record<string, string> };
        carrier.headers = { ...carrier.headers, 'X-Request-Id': requestId };
      }
      throw error;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cache = cacheResult(ctx);
      metrics.requests.observe(
        {
          route: routeOf(ctx, cache === 'hit'),
          method: ctx.method,
          status_class: statusClassOf(status),
        },
        seconds,
      );
      if (cache !== undefined) metrics.responseCache.inc({ result: cache });
      if (ctx.method === 'POST' && ctx.path === '/api/comments') {
        metrics.comments.inc({
          status: commentStatusLabel(status),
          outcome: status >= 200 && status < 300 ? 'accepted' : 'refused',
          reason: commentReasonLabel(status, ctx.state.commentReason),
        });
      }
      if (status === 302 && ctx.path.startsWith('/api/go/')) metrics.joinClicks.inc();

      const lineLevel = status >= 500 ? 'error' : 'http';
      if (allows(level, lineLevel)) {
        process.stdout.write(
          `${JSON.stringify({
            time: new Date().toISOString(),
            level: lineLevel,
            msg: 'request',
            method: ctx.method,
            path: loggedPath(ctx.path),
            status,
            durationMs: Math.round(seconds * 1e4) / 10,
            requestId,
          })}\n`,
        );
      }
    }
  };
};

export default requestLog;
