import type { Core } from '@strapi/strapi';
import { responseCacheOf, type ResponseCache } from './response-cache';

/**
 * Content whose changes readers can see in a cached answer. The comment settings decide
 * `commentsOpen` (autoCloseAfterDays). Click counters (`api::group-click-stat.group-click-stat`) are
 * deliberately absent: a reader joining a group must not empty the cache.
 */
const CONTENT_UIDS = new Set<string>([
  'api::article.article',
  // Cards and pages show category names and descriptions and author names, bios and avatars.
  'api::category.category',
  'api::author.author',
  'api::community-group.community-group',
  'api::comment.comment',
  'api::comment-setting.comment-setting',
  // The page server's old addresses (web/server/redirects.ts).
  'api::redirect.redirect',
]);

const READ_ACTIONS = new Set<string>(['findMany', 'findFirst', 'findOne', 'count']);

/**
 * Written by plugins with the query engine, not the document service: an image replaced under an
 * article, or the public role's permissions changed in the admin.
 */
const OTHER_MODELS = [
  'plugin::upload.file',
  'plugin::users-permissions.permission',
  'plugin::users-permissions.role',
];

/** A pending comment changes nothing a reader sees; it is the write of half the traffic. */
function isInvisibleWrite(uid: string, action: string, params: unknown): boolean {
  if (uid !== 'api::comment.comment' || action !== 'create') return false;
  const data = (params as { data?: { moderationStatus?: unknown } } | undefined)?.data;
  return (data?.moderationStatus ?? 'pending') !== 'approved';
}

/** Empties the cache here at once, and everywhere once the caller's transaction (if any) commits. */
export async function invalidateAfterCommit(strapi: Core.Strapi, cache: ResponseCache): Promise<void> {
  if (!strapi.db.inTransaction()) return cache.invalidate();
  // Inside a caller's transaction, readers still see the old rows until it commits.
  await strapi.db.transaction(async ({ onCommit }) => {
    onCommit(() => void cache.invalidate());
  });
  cache.invalidateLocally();
}

/**
 * Empties the response cache around every write to published content, whoever writes it: the REST
 * API, the admin's content manager and scripts all go through the document service.
 */
export function registerCacheInvalidation(strapi: Core.Strapi): void {
  const cache = responseCacheOf(strapi);

  strapi.documents.use(async (context, next) => {
    if (!CONTENT_UIDS.has(context.uid) || READ_ACTIONS.has(context.action)) return next();
    if (isInvisibleWrite(context.uid, context.action, context.params)) return next();
    // Before: answers being computed from the old content are not stored.
    cache.invalidateLocally();
    try {
      return await next();
    } finally {
      // After: answers computed while the write was running are dropped too.
      await invalidateAfterCommit(strapi, cache);
    }
  });

  // A role's permissions are rewritten in a transaction: readers (and the public access kept by
  // auth/public-access.ts) must not keep what they read before it commits.
  const invalidate = () => {
    cache.invalidateLocally();
    void invalidateAfterCommit(strapi, cache);
  };
  strapi.db.lifecycles.subscribe({
    models: OTHER_MODELS,
    afterCreate: invalidate,
    afterCreateMany: invalidate,
    afterUpdate: invalidate,
    afterUpdateMany: invalidate,
    afterDelete: invalidate,
    afterDeleteMany: invalidate,
  });
}
