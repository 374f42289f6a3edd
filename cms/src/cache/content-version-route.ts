import type { Core } from '@strapi/strapi';
import { responseCacheOf } from './response-cache';

type Context = Parameters<Core.MiddlewareHandler>[0];

/** Where the page server reads the content version it keys its rendered pages by (web/server/content-version.ts). */
export const CONTENT_VERSION_PATH = '/_content-version';

/**
 * `GET /_content-version`: `{ version }`, the response cache's shared token, which changes once a
 * change readers can see is committed on any instance. The page server asks every second: outside
 * /api, so no permission check, no response cache, no content query; a few hundred bytes from memory.
 */
export function registerContentVersionRoute(strapi: Core.Strapi): void {
  const cache = responseCacheOf(strapi);
  strapi.server.router.get(CONTENT_VERSION_PATH, (ctx: Context) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { version: cache.token };
  });
}
