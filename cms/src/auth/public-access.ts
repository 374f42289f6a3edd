import type { Core } from '@strapi/strapi';
import { contentVersionOf, keptUntilContentChanges } from '../cache/content-version';

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

/**
 * The users-permissions strategy, except that a request without credentials reuses the public
 * role's ability instead of reading the role's permissions from the database and building a new
 * ability on every request (a third of the CPU of a cheap request such as posting a comment).
 *
 * The kept ability follows the content version (cache/content-version.ts), which every write to a
 * permission or a role moves (cache/invalidation.ts) on this instance at once and on the others
 * within RESPONSE_CACHE_SYNC_MS, and is read again after MAX_AGE_MS in any case. Requests with an
 * Authorization header are authenticated exactly as before. `PUBLIC_ACCESS_CACHE=off`
 * (config/kiosque.ts) restores the stock behaviour.
 */
export function withCachedPublicAccess(strapi: Core.Strapi, strategy: AuthStrategy): AuthStrategy {
  if (
    strategy.name !== 'users-permissions' ||
    !strapi.config.get<boolean>('kiosque.publicAccessCache', true)
  ) {
    return strategy;
  }
  const publicAccess = keptUntilContentChanges(
    contentVersionOf(strapi),
    MAX_AGE_MS,
    async (ctx: RequestContext) => strategy.authenticate(ctx),
    // The strategy answers "not authenticated" when its lookup fails, too: only a granted public
    // access is kept.
    (result) => result?.authenticated === true && (result.credentials ?? null) === null,
  );

  return {
    ...strategy,
    async authenticate(ctx) {
      if (ctx.request.header.authorization !== undefined) return strategy.authenticate(ctx);
      return publicAccess(ctx);
    },
  };
}
