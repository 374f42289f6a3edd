import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postComment } from './helpers/comments';
import { createArticle, setCommentSettings } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

// Production runs the CMS behind nginx with TRUST_PROXY=true (docker-compose.yml): each reader's
// address must then come from X-Forwarded-For, or all readers would share one rate limit.

let cms: RunningCms;
let articleId: string;

function postFrom(address: string) {
  return postComment(cms, articleId, { 'X-Forwarded-For': address });
}

beforeAll(async () => {
  cms = await startCms({ TRUST_PROXY: 'true' });
  await setCommentSettings(cms.strapi, { rateLimitPerMinute: 2 });
  articleId = (await createArticle(cms.strapi)).documentId;
});

afterAll(async () => {
  await cms?.stop();
});

describe('a CMS told to trust its proxy (TRUST_PROXY=true)', () => {
  it('limits each reader by the address the proxy forwards, not by the proxy’s own', async () => {
    await postFrom('203.0.113.10').expect(201);
    await postFrom('203.0.113.10').expect(201);
    await postFrom('203.0.113.10').expect(429);
    // Another reader behind the same proxy is not limited by the first one's posts.
    await postFrom('203.0.113.11').expect(201);
    await postFrom('198.51.100.20, 10.0.0.1').expect(201);
    const stored = await cms.strapi.documents('api::comment.comment').count({
      filters: { article: { documentId: { $eq: articleId } } },
    });
    expect(stored).toBe(4);
  });
});
