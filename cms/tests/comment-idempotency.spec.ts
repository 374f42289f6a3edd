import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle, setCommentSettings } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;
let articleId: string;

function post(idempotencyKey: string | undefined, content = `Avis ${randomUUID()}`, article = articleId) {
  const request = cms.http().post('/api/comments');
  if (idempotencyKey !== undefined) request.set('Idempotency-Key', idempotencyKey);
  return request.send({
    data: { article, authorName: 'Awa', authorEmail: 'awa.idem@example.org', content },
  });
}

function countWithKey(idempotencyKey: string) {
  return cms.strapi
    .documents('api::comment.comment')
    .count({ filters: { idempotencyKey: { $eq: idempotencyKey } } });
}

beforeAll(async () => {
  cms = await startCms();
  await setCommentSettings(cms.strapi, { rateLimitPerMinute: 10_000 });
  articleId = (await createArticle(cms.strapi)).documentId;
});

afterAll(async () => {
  await cms?.stop();
});

describe('idempotent comment creation', () => {
  it('answers a retry with the original result and stores the comment once', async () => {
    const key = randomUUID();
    const first = await post(key, 'Un seul exemplaire, merci').expect(201);
    const retry = await post(key, 'Un seul exemplaire, merci').expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await countWithKey(key)).toBe(1);
  });

  it('stores one comment when the same submission arrives many times at once', async () => {
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(key, 'Envoyé en rafale')));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((response) => response.body.data.documentId)).size).toBe(1);
    expect(await countWithKey(key)).toBe(1);
  });

  it('keeps answering a stored submission after the article closes its comments', async () => {
    const article = await createArticle(cms.strapi);
    const key = randomUUID();
    const first = await post(key, 'Juste avant la fermeture', article.documentId).expect(201);
    await cms.strapi.documents('api::article.article').update({
      documentId: article.documentId,
      data: { commentsClosed: true },
      status: 'published',
    });
    const retry = await post(key, 'Juste avant la fermeture', article.documentId).expect(201);
    expect(retry.body.data.documentId).toBe(first.body.data.documentId);
    await post(randomUUID(), 'Trop tard', article.documentId).expect(403);
  });

  it('treats different keys as different submissions', async () => {
    await post(randomUUID(), 'Premier envoi distinct').expect(201);
    await post(randomUUID(), 'Second envoi distinct').expect(201);
  });

  it('refuses a malformed key with 400 and stores nothing', async () => {
    const before = await cms.strapi.documents('api::comment.comment').count({});
    for (const key of ['court', 'a'.repeat(129), 'des espaces dedans', 'é'.repeat(10)]) {
      const response = await post(key);
      expect(response.status, key).toBe(400);
      expect(response.body.error.message).toMatch(/Idempotency-Key/);
    }
    expect(await cms.strapi.documents('api::comment.comment').count({})).toBe(before);
  });

  it('never returns the key in a public read', async () => {
    const key = `cle-secrete-${randomUUID()}`;
    await post(key).expect(201);
    const reads = await Promise.all([
      cms.http().get('/api/comments?populate=*'),
      cms.http().get(`/api/articles/${articleId}/comments`),
    ]);
    for (const read of reads) expect(JSON.stringify(read.body)).not.toMatch(/cle-secrete|idempotencyKey/);
    expect((await cms.http().get(`/api/comments?filters[idempotencyKey][$eq]=${key}`)).status).toBe(400);
  });
});
