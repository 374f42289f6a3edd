import type { Core } from '@strapi/strapi';
import { PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL, cacheTags, surrogateKeyHeader } from '@kiosque/shared';
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

// Browsers ask again each time (a cheap 304 when unchanged); a shared cache in front may keep a 200
// for s-maxage, until the purge hook (cache/purge-hook.ts) names one of its tags. A 404 is kept here
// only: a shared cache must not keep an article's absence once it is published.
export const CACHE_CONTROL = PUBLIC_CACHE_CONTROL;

const PAGE_PATH = /^\/api\/(?:pages\/article|articles\/slug)\/([^/]+)$/;

/** What a public answer shows, for a shared cache to be purged by: the article, its category, home. */
function tagsOf(path: string, body: Record<string, unknown>): string[] {
  const page = PAGE_PATH.exec(path);
  if (page) {
    let slug: string;
    try {
      slug = decodeURIComponent(page[1]);
    } catch {
      return [];
    }
    const data = body.data as {
      article?: { category?: { slug?: unknown } | null };
      category?: { slug?: unknown } | null;
    } | null;
    const category = (data?.article ?? data)?.category?.slug;
    return [cacheTags.article(slug), ...(typeof category === 'string' ? [cacheTags.category(category)] : [])];
  }
  return path === '/api/articles' ? [cacheTags.home] : [];
}

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
  if (ctx.status === 200) {
    const tags = surrogateKeyHeader(tagsOf(ctx.path, ctx.body));
    headers['surrogate-key'] = tags;
    headers['cache-tag'] = tags.replaceAll(' ', ',');
  }
  return { status: ctx.status, body, etag: etagOf(body), headers };
}

function answer(ctx: Context, entry: CachedResponse): void {
  ctx.status = entry.status;
  ctx.set(entry.headers);
  ctx.set('ETag', entry.etag);
  ctx.set('Cache-Control', entry.status === 200 ? CACHE_CONTROL : PRIVATE_CACHE_CONTROL);
  (ctx.state as { responseCache?: boolean }).responseCache = true;
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
    if (!reading || !CACHEABLE_PATH.test(ctx.path) || ctx.get('authorization') !== '') {
      await next();
      // A write, an editor's read, a preview, an error: nothing any cache may keep, unless the route
      // said otherwise (the feeds say how long).
      if (ctx.path.startsWith('/api/') && ctx.response.get('cache-control') === '') {
        ctx.set('Cache-Control', PRIVATE_CACHE_CONTROL);
      }
      return;
    }

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
    if (!entry) {
      // An error, a streamed or per-reader answer: no cache may keep it.
      if (ctx.response.get('cache-control') === '') ctx.set('Cache-Control', PRIVATE_CACHE_CONTROL);
      return;
    }
    if (ctx.method === 'GET') cache.set(key, entry, generation);
    answer(ctx, entry);
  };
};

export default responseCache;
