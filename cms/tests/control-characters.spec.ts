import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle, setCommentSettings } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

// Addresses and filters a reader (or a robot) can send with a NUL byte in them: PostgreSQL refuses
// such a string with an error, which must never become a 500.

let cms: RunningCms;

beforeAll(async () => {
  cms = await startCms();
  await setCommentSettings(cms.strapi, { rateLimitPerMinute: 100 });
});

afterAll(async () => {
  await cms?.stop();
});

const NUL = '%00';

describe('public endpoints given a NUL byte', () => {
  it('answer 4xx, never 500', async () => {
    const urls = [
      `/api/articles/slug/a${NUL}b`,
      `/api/pages/article/a${NUL}b`,
      `/api/articles/a${NUL}b/comments`,
      `/api/go/a${NUL}b`,
      `/api/previews/articles/a${NUL}b`,
      `/api/articles?filters[slug][$eq]=a${NUL}b`,
      `/api/articles?filters[category][slug][$eq]=a${NUL}b`,
      `/api/articles?q=a${NUL}b`,
      `/api/categories?filters[slug][$eq]=a${NUL}b`,
      `/api/community-groups?article=a${NUL}b`,
      `/api/comments?filters[article][documentId][$eq]=a${NUL}b`,
    ];
    const statuses: Record<string, number> = {};
    for (const url of urls) statuses[url] = (await cms.http().get(url)).status;
    for (const [url, status] of Object.entries(statuses)) {
      expect(status, url).toBeGreaterThanOrEqual(200);
      expect(status, url).toBeLessThan(500);
    }
    const refused = await cms.http().get(`/api/articles/slug/a${NUL}b`).expect(400);
    expect(refused.body.error.message).toBe('L’adresse demandée contient un caractère interdit.');
  });

  it('in a comment’s fields are refused or dropped, never stored as such and never a 500', async () => {
    const article = await createArticle(cms.strapi);
    const response = await cms
      .http()
      .post('/api/comments')
      .send({
        data: {
          article: article.documentId,
          authorName: 'A\u0000wa',
          authorEmail: 'awa@example.org',
          content: 'Un avis\u0000 sincère',
          authorWebsite: 'https://exemple.org/\u0000page',
        },
      });
    expect([201, 400]).toContain(response.status);
    const stored = await cms.strapi.documents('api::comment.comment').findMany({
      filters: { article: { documentId: { $eq: article.documentId } } },
    });
    for (const comment of stored) expect(JSON.stringify(comment)).not.toContain('\\u0000');
  });
});
