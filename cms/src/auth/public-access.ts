import type { Core } from '@strapi/strapi';
import { responseCacheOf } from '../cache/response-cache';

/** What Strapi's auth service expects of a content-API strategy. */
export interface AuthStrategy {
  name: string;
  authenticate(ctx: RequestContext): Promise<AuthResult | undefined> | AuthResult | undefined;
  verify?(auth: unknown, config: unknown): unknown;
}

interface RequestContext {
  request: { header: Record<string, string | string[] | undefined> };
}

interface AuthResult {
  authenticated?: boolean;
  credentials?: unknown;
  ability?: unknown;
  error?: unknown;
}

/** How long the public role's permissions are kept at most, whatever happens. */
const MAX_AGE_MS = 60_000;

export function publicAccessCacheEnabled(): boolean {
  return process.env.PUBLIC_ACCESS_CACHE !== 'off';
}

/**
 * The users-permissions strategy, except that a request without credentials reuses the public
 * role's ability instead of reading the role's permissions from the database and building a new
 * ability on every request (a third of the CPU of a cheap request such as posting a comment).
 *
 * The kept ability is dropped with the response cache, which every write to a permission or a role
 * empties (cache/invalidation.ts) on this instance at once and on the others within
 * RESPONSE_CACHE_SYNC_MS, and after MAX_AGE_MS in any case. Requests with an Authorization header
 * are authenticated exactly as before.
 */
export function withCachedPublicAccess(strapi: Core.Strapi, strategy: AuthStrategy): AuthStrategy {
  if (strategy.name !== 'users-permissions' || !publicAccessCacheEnabled()) return strategy;
  let kept: { result: AuthResult; generation: number; storedAt: number } | undefined;

  return {
    ...strategy,
    async authenticate(ctx) {
      if (ctx.request.header.authorization !== undefined) return strategy.authenticate(ctx);
      const cache = responseCacheOf(strapi);
      const now = Date.now();
      if (kept && kept.generation === cache.generation && now - kept.storedAt < MAX_AGE_MS) {
        return kept.result;
      }
      const generation = cache.generation;
      const result = await strategy.authenticate(ctx);
      // The strategy answers "not authenticated" when its lookup fails, too: only a granted public
      // access is kept, and only if no permission changed while it was read.
      if (
        result?.authenticated === true &&
        (result.credentials ?? null) === null &&
        generation === cache.generation
      ) {
        kept = { result, generation, storedAt: now };
      }
      return result;
    },
  };
}
