import type { Core } from '@strapi/strapi';
import { readingTimeMinutes } from '@kiosque/shared';
import { beforeWrite } from './before-write';

/**
 * Keeps every article's reading time in step with its body, whoever saves it (admin, API, demo
 * content): editors never type it, and it can never disagree with the text.
 */
export function registerArticleReadingTime(strapi: Core.Strapi): void {
  beforeWrite<{ body?: unknown; readingTime?: unknown }>(strapi, 'api::article.article', (data) => {
    if (Array.isArray(data.body)) data.readingTime = readingTimeMinutes(data.body);
  });
}
