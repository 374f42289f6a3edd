import type { Core } from '@strapi/strapi';
import { checkedTarget, storedFrom } from '../api/redirect/services/redirect';

/**
 * Every redirect, whoever saves it (an editor in the admin, the importer), is stored under its old
 * address's key (shared/src/redirects) and goes to a path of this site: never to another host.
 */
export function registerRedirectRules(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (
      context.uid !== 'api::redirect.redirect' ||
      (context.action !== 'create' && context.action !== 'update')
    ) {
      return next();
    }
    const data = (context.params as { data?: { from?: unknown; to?: unknown } }).data;
    if (data && typeof data.from === 'string') data.from = storedFrom(data.from);
    if (data && typeof data.to === 'string') checkedTarget(data.to);
    return next();
  });
}
