import type { Core } from '@strapi/strapi';
import { etagOf, responseCacheConfig, responseCacheOf, type CachedResponse } from '../cache/response-cache';

type Context = Parameters<Core.MiddlewareHandler>[0];
type Next = Parameters<Core.MiddlewareHandler>[1];

/**
 * The public reads of the reader site; anything else (admin, uploads, auth, writes) is never cached,
 * and neither are draft previews (`/api/previews/…`): a draft must never be stored or served to anyone
 * but the holder of its token.
 */
export const CACHEABLE_PATH = /^\/api\/(articles|community-groups|comments|pages|redirects)(\/|$)/;

/** 404 is kept too, so that a flood of requests for a missing or not yet published slug stays cheap. */
const CACHEABLE_STATUSES = new Set([200, 404]);

// Browsers and proxies may keep the answer but must ask again each time (a cheap 304 when unchanged):
// an unpublished article must disappear at once.
export const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

const NOT_REPLAYED_HEADERS = new Set([
  'content-length',
  'etag',
  'cache-control',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

function isPlainJson(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && !('pipe' in body);
}

function capture(ctx: Context): CachedResponse | undefined {
  if (!CACHEABLE_STATUSES.has(ctx.status) || !isPlainJson(ctx.body)) return undefined;
  if (ctx.response.get('set-cookie') !== '') return undefined;
  const body = Buffer.from(JSON.stringify(ctx.body));
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(ctx.response.headers)) {
    if (!NOT_REPLAYED_HEADERS.has(name) && value !== undefined) {
      headers[name] = typeof value === 'number' ? String(value) : value;
    }
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  return { status: ctx.status, body, etag: etagOf(body), headers };
}

function answer(ctx: Context, entry: CachedResponse): void {
  ctx.status = entry.status;
  ctx.set(entry.headers);
  ctx.set('ETag', entry.etag);
  ctx.set('Cache-Control', CACHE_CONTROL);
  if (entry.status === 200 && ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = entry.body;
}

/**
 * First global middleware: answers an anonymous GET of the public API from memory, before Strapi's
 * own chain runs, with an ETag and a 304 when the reader already has it. The first request of each
 * URL (per Origin, since CORS headers depend on it) goes through Strapi and its answer is kept until
 * content changes (see `cache/invalidation.ts`). `RESPONSE_CACHE=off` turns it off.
 */
const responseCache: Core.MiddlewareFactory = (_config, { strapi }) => {
  if (!responseCacheConfig(strapi).enabled) return (_ctx: Context, next: Next) => next();
  const cache = responseCacheOf(strapi);

  // The answers being computed, per key: a crowd arriving on an URL that is not (or no longer) kept
  // is answered by the first request's computation instead of running the whole chain fifty times.
  const computing = new Map<string, { generation: number; answer: Promise<CachedResponse | undefined> }>();

  return async (ctx: Context, next: Next) => {
    const reading = ctx.method === 'GET' || ctx.method === 'HEAD';
    // global::anonymous-reads ran first: an anonymous read carries no Authorization header any more,
    // nor any other header that could change its answer.
    if (!reading || !CACHEABLE_PATH.test(ctx.path) || ctx.get('authorization') !== '') return next();

    const key = `${ctx.get('origin')} ${ctx.url}`;
    const hit = cache.lookup(key);
    if (hit && !hit.expired) return answer(ctx, hit.entry);

    const inFlight = computing.get(key);
    if (inFlight && inFlight.generation === cache.generation) {
      // Only an age limit made it expire (a write empties the cache): serve it while it is recomputed.
      if (hit) return answer(ctx, hit.entry);
      const entry = await inFlight.answer;
      if (entry) return answer(ctx, entry);
    }

    const generation = cache.generation;
    let settle: (entry: CachedResponse | undefined) => void = () => {};
    let mine: { generation: number; answer: Promise<CachedResponse | undefined> } | undefined;
    if (ctx.method === 'GET' && computing.get(key)?.generation !== generation) {
      mine = { generation, answer: new Promise((resolve) => (settle = resolve)) };
      computing.set(key, mine);
    }
    let entry: CachedResponse | undefined;
    try {
      await next();
      entry = capture(ctx);
    } finally {
      settle(entry);
      if (mine && computing.get(key) === mine) computing.delete(key);
    }
    if (!entry) return;
    if (ctx.method === 'GET') cache.set(key, entry, generation);
    answer(ctx, entry);
  };
};

export default responseCache;
