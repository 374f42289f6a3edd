import type { Core } from '@strapi/strapi';
import { SPECULATIVE_LOAD_HEADERS } from '../clicks/reader-clicks';

type Context = Parameters<Core.MiddlewareHandler>[0];
type Next = Parameters<Core.MiddlewareHandler>[1];

/**
 * The request headers an anonymous read of the public API keeps. None of them can change an answer's
 * body: Origin is part of the response cache's key (CORS headers depend on it); the conditional
 * headers only turn a 200 into a 304 for the reader who sent them; the forwarding headers give the
 * client's address and scheme (counted, never shown); the user agent and the prefetch hints decide
 * whether a click on /api/go is counted, not where it goes; X-Preview-Token is the preview's own
 * guard, and previews are never cached.
 *
 * Everything else is dropped before any controller runs. Strapi 5.54's REST path reads
 * `strapi-response-format` (v4 shape) and `strapi-encode-source-maps` (hidden characters in every
 * string) in its core controllers, users-permissions reads Authorization, Koa reads the forwarding
 * headers: a header that is not keyed must not reach a cached answer, and an allow-list keeps a
 * header added by a later Strapi from doing so.
 */
export const KEPT_HEADERS = new Set([
  'host',
  'connection',
  'origin',
  'accept',
  'accept-encoding',
  'if-none-match',
  'if-modified-since',
  'user-agent',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-real-ip',
  'x-request-id',
  ...SPECULATIVE_LOAD_HEADERS,
  'x-preview-token',
]);

/** A token that users-permissions or an API token could authenticate; any other scheme names nobody. */
const BEARER = /^Bearer\s+\S/i;

function isAnonymousRead(ctx: Context): boolean {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false;
  if (!ctx.path.startsWith('/api/')) return false;
  return !BEARER.test(ctx.get('authorization'));
}

/**
 * First global middleware: an anonymous GET or HEAD of the public API sees only the headers that
 * cannot change its answer, so that two readers asking for one URL always get the same bytes,
 * whether the response cache (next in the chain) answers or Strapi computes. Requests carrying a
 * bearer token (editors' API tokens) go through untouched and are never cached.
 */
export default () =>
  async function anonymousReads(ctx: Context, next: Next): Promise<void> {
    if (isAnonymousRead(ctx)) {
      const headers = ctx.req.headers;
      for (const name of Object.keys(headers)) {
        if (!KEPT_HEADERS.has(name)) delete headers[name];
      }
    }
    await next();
  };
