import { factories, type Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isLocalTarget, redirectKey } from '@kiosque/shared';
import { invalidateAfterCommit } from '../../../cache/invalidation';
import { responseCacheOf } from '../../../cache/response-cache';
import { oneOf, positiveInteger, type QueryAllowList } from '../../../utils/public-query';

const REDIRECT_UID = 'api::redirect.redirect';

/** What the public list takes: the page server reads every page of it, both fields, in a stable order. */
export const READER_LIST_QUERY: QueryAllowList = {
  'fields[*]': oneOf('from', 'to'),
  sort: oneOf('from', 'from:asc'),
  'pagination[page]': positiveInteger(),
  'pagination[pageSize]': positiveInteger(100),
};

/** The key an old address is stored under (shared/src/redirects), or why it cannot be. */
export function storedFrom(from: string): string {
  const [pathname, search = ''] = from.split('?', 2);
  const key = redirectKey(pathname, search === '' ? '' : `?${search}`);
  if (key === undefined) throw new errors.ValidationError('This old address cannot be redirected.');
  return key;
}

/** A redirect's target, when it is a path of this site: never another host. */
export function checkedTarget(to: string): string {
  if (!isLocalTarget(to))
    throw new errors.ValidationError('A redirect goes to an address of this site (a path).');
  return to;
}

function checkedRedirect(from: string, to: string): { from: string; to: string } {
  const redirect = { from: storedFrom(from), to: checkedTarget(to) };
  if (redirect.from === redirect.to) throw new errors.ValidationError('A redirect cannot point at itself.');
  return redirect;
}

function redirectMethods({ strapi }: { strapi: Core.Strapi }) {
  /**
   * Points `from` at `to`, creating or moving the redirect (keyed on the old address, so that
   * running an import again changes nothing).
   */
  async function point(from: string, to: string): Promise<'created' | 'updated' | 'unchanged'> {
    const redirect = checkedRedirect(from, to);
    const existing = await strapi
      .documents(REDIRECT_UID)
      .findFirst({ filters: { from: redirect.from }, fields: ['to'] });
    if (!existing) {
      await strapi.documents(REDIRECT_UID).create({ data: redirect });
      return 'created';
    }
    if (existing.to === redirect.to) return 'unchanged';
    await strapi
      .documents(REDIRECT_UID)
      .update({ documentId: existing.documentId, data: { to: redirect.to } });
    return 'updated';
  }

  return {
    point,

    /**
     * `point` for many old addresses at once (an imported post's permalink, `/?p=ID` and date
     * archives), in the caller's transaction: one read for all of them and one insert for the new
     * ones, where the document service costs a handful of statements and a validation per redirect.
     * The same rules apply (checkedRedirect, as documents/redirects.ts applies them to the document
     * service's writes); the uniqueness of `from` is the read's; the response cache is emptied as
     * cache/invalidation.ts does. A moved redirect is rare: it goes through `point`.
     */
    async pointMany(pairs: { from: string; to: string }[]): Promise<RedirectOutcomes> {
      const outcomes: RedirectOutcomes = { created: 0, updated: 0, unchanged: 0 };
      // One per old address, the last one named winning, as calling `point` in turn would.
      const wanted = new Map(
        pairs.map((pair) => checkedRedirect(pair.from, pair.to)).map((r) => [r.from, r]),
      );
      if (wanted.size === 0) return outcomes;
      const existing = (await strapi.db.query(REDIRECT_UID).findMany({
        where: { from: { $in: [...wanted.keys()] } },
        select: ['from', 'to'],
      })) as { from: string; to: string }[];
      const found = new Map(existing.map((row) => [row.from, row.to]));
      const created = [...wanted.values()].filter((redirect) => !found.has(redirect.from));
      for (const redirect of wanted.values()) {
        const to = found.get(redirect.from);
        if (to === undefined) continue;
        if (to === redirect.to) outcomes.unchanged += 1;
        else outcomes[await point(redirect.from, redirect.to)] += 1;
      }
      if (created.length > 0) {
        const cache = responseCacheOf(strapi);
        cache.invalidateLocally();
        const now = new Date();
        await strapi.db.query(REDIRECT_UID).createMany({
          data: created.map((redirect) => ({
            ...redirect,
            createdAt: now,
            updatedAt: now,
            publishedAt: now,
          })),
        });
        await invalidateAfterCommit(strapi, cache);
        outcomes.created += created.length;
      }
      return outcomes;
    },
  };
}

export type RedirectOutcomes = Record<'created' | 'updated' | 'unchanged', number>;

export type RedirectService = ReturnType<typeof redirectMethods>;

export default factories.createCoreService(REDIRECT_UID, redirectMethods);
