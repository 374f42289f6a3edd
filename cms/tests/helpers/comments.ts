import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { responseCacheOf } from '../../src/cache/response-cache';
import type { RunningCms } from './strapi';

/** A reader's comment on an article, with a fresh e-mail and text so that no rule refuses it as a repeat. */
export function postComment(
  cms: RunningCms,
  articleDocumentId: string,
  headers: Record<string, string> = {},
  fields: Record<string, unknown> = {},
) {
  return cms
    .http()
    .post('/api/comments')
    .set(headers)
    .send({
      data: {
        article: articleDocumentId,
        authorName: 'Awa',
        authorEmail: `awa.${randomUUID()}@example.org`,
        content: `Avis ${randomUUID()}`,
        ...fields,
      },
    });
}

/** What another instance's write does here: a new shared token, read at this instance's next check. */
export async function announceChangeFromAnotherInstance(strapi: Core.Strapi): Promise<void> {
  await strapi.store.set({ type: 'core', name: 'response-cache', key: 'generation', value: randomUUID() });
  await responseCacheOf(strapi).syncWithDatabase();
}
