import { factories, type Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isLocalTarget, redirectKey } from '@kiosque/shared';
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
  return {
    /**
     * Points `from` at `to`, creating or moving the redirect (keyed on the old address, so that
     * running an import again changes nothing).
     */
    async point(from: string, to: string): Promise<'created' | 'updated' | 'unchanged'> {
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
    },
  };
}

export type RedirectService = ReturnType<typeof redirectMethods>;

export default factories.createCoreService(REDIRECT_UID, redirectMethods);
