import type { Core } from '@strapi/strapi';
import { mergePurges, purgeHookOf, purgeOf, type Purge } from './purge-hook';
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
export async function invalidateAfterCommit(
  strapi: Core.Strapi,
  cache: ResponseCache,
  afterCommit: () => void = () => {},
): Promise<void> {
  if (!strapi.db.inTransaction()) {
    await cache.invalidate();
    afterCommit();
    return;
  }
  // Inside a caller's transaction, readers still see the old rows until it commits.
  await strapi.db.transaction(async ({ onCommit }) => {
    onCommit(() => {
      void cache.invalidate();
      afterCommit();
    });
  });
  cache.invalidateLocally();
}

type WriteParams = { documentId?: unknown; data?: Record<string, unknown> };

/** What a write shows on in shared caches, or nothing when no purge hook is set (no read is made). */
async function purgeBefore(strapi: Core.Strapi, uid: string, params: unknown): Promise<Purge | undefined> {
  if (!purgeHookOf(strapi).enabled) return undefined;
  const { documentId, data } = (params ?? {}) as WriteParams;
  try {
    return await purgeOf(strapi, uid, typeof documentId === 'string' ? documentId : undefined, data);
  } catch (error) {
    strapi.log.warn(`Purge hook: could not read what ${uid} showed (${String(error)}).`);
    return undefined;
  }
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
    // What the content showed before the write (an unpublished article's pages), for the shared caches.
    const before = await purgeBefore(strapi, context.uid, context.params);
    let result: Awaited<ReturnType<typeof next>> | undefined;
    try {
      result = await next();
      return result;
    } finally {
      // After: answers computed while the write was running are dropped too; then the shared caches
      // in front are told, without the editor waiting for them.
      await invalidateAfterCommit(strapi, cache, () => {
        if (!before) return;
        const written = result as { documentId?: unknown } | null | undefined;
        const documentId =
          typeof written?.documentId === 'string'
            ? written.documentId
            : (context.params as WriteParams)?.documentId;
        purgeHookOf(strapi).scheduleWhen(
          purgeBefore(strapi, context.uid, { ...(context.params as object), documentId }).then((after) =>
            after ? mergePurges(before, after) : before,
          ),
        );
      });
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
