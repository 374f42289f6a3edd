import type { Core } from '@strapi/strapi';
import { readingTimeMinutes } from '@kiosque/shared';

/**
 * Keeps every article's reading time in step with its body, whoever saves it (admin, API, demo
 * content): editors never type it, and it can never disagree with the text.
 */
export function registerArticleReadingTime(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (
      context.uid !== 'api::article.article' ||
      (context.action !== 'create' && context.action !== 'update')
    ) {
      return next();
    }
    const data = (context.params as { data?: { body?: unknown; readingTime?: unknown } }).data;
    if (data && Array.isArray(data.body)) data.readingTime = readingTimeMinutes(data.body);
    return next();
  });
}
