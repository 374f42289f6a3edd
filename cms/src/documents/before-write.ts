import type { Core } from '@strapi/strapi';

/**
 * Runs `apply` on the data of every create and update of `uid` before the Document Service stores it,
 * whoever writes it (admin, API, demo content): how a field is kept in step with the others.
 */
export function beforeWrite<Data extends object>(
  strapi: Core.Strapi,
  uid: string,
  apply: (data: Data) => void,
): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== uid || (context.action !== 'create' && context.action !== 'update')) {
      return next();
    }
    const data = (context.params as { data?: Data }).data;
    if (data) apply(data);
    return next();
  });
}
