import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle, createComment, setCommentSettings } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;
let articleId: string;
let articleSlug: string;

const SECRET_EMAIL = 'lectrice.secrete@example.org';
/** The commenter key the approved author's browser keeps with her details. */
const SECRET_KEY = 'cle-de-la-lectrice-secrete-01';

function countComments(): Promise<number> {
  return cms.strapi.documents('api::comment.comment').count({});
}

function post(body: unknown) {
  return cms.http().post('/api/comments').set('Content-Type', 'application/json').send(JSON.stringify(body));
}

function validComment(overrides: Record<string, unknown> = {}) {
  return {
    data: {
      article: articleId,
      authorName: 'Awa',
      authorEmail: `awa.${Math.random().toString(36).slice(2)}@example.org`,
      content: 'Très bon article, merci !',
      ...overrides,
    },
  };
}

beforeAll(async () => {
  cms = await startCms();
  // Every post here comes from one address; the rate limit has its own tests.
  await setCommentSettings(cms.strapi, { rateLimitPerMinute: 10_000 });
  const article = await createArticle(cms.strapi);
  articleId = article.documentId;
  articleSlug = article.slug ?? '';
  await createComment(cms.strapi, articleId, {
    status: 'approved',
    authorEmail: SECRET_EMAIL,
    authorKey: SECRET_KEY,
    content: 'Approuvé',
  });
  await createComment(cms.strapi, articleId, { status: 'pending', content: 'En attente' });
  await createComment(cms.strapi, articleId, { status: 'spam', content: 'Pourriel' });
  await createComment(cms.strapi, articleId, { status: 'rejected', content: 'Refusé' });
});

afterAll(async () => {
  await cms?.stop();
});

describe('reading comments', () => {
  it('lists only the approved comments of an article, oldest first, with public fields only', async () => {
    const response = await cms
      .http()
      .get(`/api/comments?filters[article][documentId][$eq]=${articleId}`)
      .expect(200);
    const comments = response.body.data as Record<string, unknown>[];
    expect(comments.map((comment) => comment.content)).toEqual(['Approuvé']);
    expect(Object.keys(comments[0]).sort()).toEqual([
      'authorName',
      'authorWebsite',
      'content',
      'createdAt',
      'depth',
      'documentId',
      'editorial',
      'id',
      'parentDocumentId',
    ]);
    expect(response.body.meta.pagination.total).toBe(1);
  });

  it('refuses client filters that would widen it to pending, spam or rejected comments', async () => {
    for (const status of ['pending', 'spam', 'rejected']) {
      const response = await cms
        .http()
        .get(`/api/comments?filters[moderationStatus][$eq]=${status}`)
        .expect(400);
      expect(response.body.data).toBeNull();
    }
    const orQuery = await cms
      .http()
      .get(
        '/api/comments?filters[$or][0][moderationStatus][$eq]=pending&filters[$or][1][moderationStatus][$eq]=spam',
      )
      .expect(400);
    expect(orQuery.body.data).toBeNull();
  });
});

describe('the e-mail address is never public', () => {
  const publicReads = () => [
    '/api/comments',
    '/api/comments?populate=*',
    '/api/comments?fields[0]=authorEmail',
    '/api/comments?fields=authorEmail',
    `/api/comments?filters[article][documentId][$eq]=${articleId}&populate[article]=*`,
    '/api/articles?populate=*',
    '/api/articles?populate[comments]=*',
    `/api/articles/${articleId}?populate=*`,
    `/api/articles/slug/${articleSlug}`,
    '/api/community-groups?populate=*',
  ];

  it('is absent from every public read, whatever populate or fields ask for', async () => {
    for (const url of publicReads()) {
      const response = await cms.http().get(url);
      expect(response.status, url).toBeLessThan(500);
      expect(JSON.stringify(response.body), url).not.toContain(SECRET_EMAIL);
      expect(JSON.stringify(response.body), url).not.toContain('authorEmail');
    }
  });

  it('cannot be probed with filters: a matching and a non-matching e-mail get the same refusal', async () => {
    const matching = await cms.http().get(`/api/comments?filters[authorEmail][$eq]=${SECRET_EMAIL}`);
    const other = await cms.http().get('/api/comments?filters[authorEmail][$eq]=personne@example.org');
    const partial = await cms.http().get('/api/comments?filters[authorEmail][$startsWith]=lectrice');
    expect(matching.status).toBe(400);
    expect(other.status).toBe(400);
    expect(partial.status).toBe(400);
    expect(matching.body).toEqual(other.body);
  });

  it('cannot be probed through a relation filter from articles', async () => {
    const response = await cms
      .http()
      .get(`/api/articles?filters[comments][authorEmail][$eq]=${SECRET_EMAIL}`);
    expect(response.status).toBe(400);
  });

  it('is not echoed back when a comment is posted', async () => {
    const body = validComment({ authorEmail: 'echo.test@example.org' });
    const response = await post(body).expect(201);
    expect(JSON.stringify(response.body)).not.toContain('echo.test@example.org');
  });
});

describe('posting a comment', () => {
  it('stores a valid comment as pending and says it awaits moderation', async () => {
    const before = await countComments();
    const response = await post(validComment({ content: 'Une question sur la formation ?' })).expect(201);

    expect(response.body.data.status).toBe('pending');
    expect(response.body.data.message).toMatch(/en attente de modération/);
    expect(await countComments()).toBe(before + 1);

    const stored = await cms.strapi.documents('api::comment.comment').findOne({
      documentId: response.body.data.documentId,
      populate: { article: { fields: ['documentId'] } },
    });
    expect(stored).toMatchObject({ moderationStatus: 'pending', content: 'Une question sur la formation ?' });
    expect(stored?.article?.documentId).toBe(articleId);

    const list = await cms.http().get(`/api/comments?filters[article][documentId][$eq]=${articleId}`);
    expect(JSON.stringify(list.body)).not.toContain('Une question sur la formation ?');
  });

  it('publishes at once the comment of an author who already has an approved comment', async () => {
    const response = await post(
      validComment({
        authorEmail: SECRET_EMAIL.toUpperCase(),
        authorKey: SECRET_KEY,
        content: 'Je reviens !',
      }),
    ).expect(201);
    expect(response.body.data.status).toBe('approved');
    expect(response.body.data.message).toMatch(/publié/);

    const list = await cms.http().get(`/api/comments?filters[article][documentId][$eq]=${articleId}`);
    expect(list.body.data.map((comment: { content: string }) => comment.content)).toContain('Je reviens !');
  });

  it('trims and normalises what the reader typed', async () => {
    const response = await post(
      validComment({ authorName: '  Awa   Diop ', content: '  Bonjour\r\nà tous  ' }),
    ).expect(201);
    const stored = await cms.strapi.documents('api::comment.comment').findOne({
      documentId: response.body.data.documentId,
    });
    expect(stored).toMatchObject({ authorName: 'Awa Diop', content: 'Bonjour\nà tous' });
  });

  const invalidBodies: [string, unknown, string[]][] = [
    ['an empty object', {}, ['article', 'authorName', 'authorEmail', 'content']],
    ['no data envelope', { authorName: 'Awa' }, ['article', 'authorName', 'authorEmail', 'content']],
    ['an empty name', { data: { authorName: '   ' } }, ['authorName']],
    ['a name over 100 characters', { data: { authorName: 'a'.repeat(101) } }, ['authorName']],
    ['a name that passes for the site’s team', { data: { authorName: 'Rédaction Kiosque' } }, ['authorName']],
    ['an invalid e-mail', { data: { authorEmail: 'pas-une-adresse' } }, ['authorEmail']],
    [
      'an e-mail over 100 characters',
      { data: { authorEmail: `${'a'.repeat(95)}@example.org` } },
      ['authorEmail'],
    ],
    ['a one-character comment', { data: { content: 'a' } }, ['content']],
    ['a comment over 5000 characters', { data: { content: 'a'.repeat(5001) } }, ['content']],
    ['fields of the wrong type', { data: { authorName: 42, authorEmail: ['x'], content: { a: 1 } } }, []],
    ['a JSON array', [1, 2, 3], ['article', 'authorName', 'authorEmail', 'content']],
  ];

  for (const [label, partial, fields] of invalidBodies) {
    it(`refuses ${label} with 400 and one message per faulty field, storing nothing`, async () => {
      const body =
        typeof partial === 'object' && partial !== null && 'data' in partial
          ? validComment((partial as { data: Record<string, unknown> }).data)
          : partial;
      const before = await countComments();
      const response = await post(body).expect(400);

      expect(response.body.error.name).toBe('ValidationError');
      expect(response.body.error.message).toBeTruthy();
      const faulty = (response.body.error.details.errors as { path: string[]; message: string }[]).map(
        (error) => error.path[0],
      );
      if (fields.length > 0) expect(faulty.sort()).toEqual([...fields].sort());
      else expect(faulty.length).toBeGreaterThan(0);
      expect(await countComments()).toBe(before);
    });
  }

  it('answers 404 for an unknown article and for an article that is only a draft', async () => {
    const draft = await createArticle(cms.strapi, { publish: false });
    const before = await countComments();
    const unknown = await post(validComment({ article: 'inexistant' })).expect(404);
    expect(unknown.body.error.message).toBe('Cet article est introuvable.');
    await post(validComment({ article: draft.documentId })).expect(404);
    expect(await countComments()).toBe(before);
  });

  it('answers 403 with a clear message when comments are closed on the article', async () => {
    const closed = await createArticle(cms.strapi, { commentsClosed: true });
    const before = await countComments();
    const response = await post(validComment({ article: closed.documentId })).expect(403);
    expect(response.body.error.message).toBe('Les commentaires sont fermés pour cet article.');
    expect(await countComments()).toBe(before);
  });

  it('answers 400, not 500, to malformed JSON', async () => {
    const response = await cms
      .http()
      .post('/api/comments')
      .set('Content-Type', 'application/json')
      .send('{"data": {"authorName": ');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBeTruthy();
  });

  it('answers 413 to a body over 64 KB and stores nothing', async () => {
    const before = await countComments();
    const response = await post(validComment({ content: 'x'.repeat(70 * 1024) }));
    expect(response.status).toBe(413);
    expect(await countComments()).toBe(before);
  });

  it('answers 415 with a readable message to a body that is not JSON', async () => {
    const before = await countComments();
    const response = await cms.http().post('/api/comments').set('Content-Type', 'text/plain').send('bonjour');
    expect(response.status).toBe(415);
    expect(response.body.error.message).toMatch(/JSON/);
    expect(await countComments()).toBe(before);
  });
});

describe('what the public role may not do', () => {
  it('cannot update or delete comments, articles or groups', async () => {
    const comment = await createComment(cms.strapi, articleId, { status: 'pending', content: 'À modérer' });
    const attempts: [string, string][] = [
      ['put', `/api/comments/${comment.documentId}`],
      ['delete', `/api/comments/${comment.documentId}`],
      ['get', `/api/comments/${comment.documentId}`],
      ['put', `/api/articles/${articleId}`],
      ['delete', `/api/articles/${articleId}`],
      ['post', '/api/articles'],
      ['post', '/api/community-groups'],
    ];
    for (const [method, url] of attempts) {
      const response = await cms
        .http()
        [method as 'put' | 'delete' | 'get' | 'post'](url)
        .send({ data: { moderationStatus: 'approved', title: 'Piraté' } });
      expect([403, 404, 405], `${method} ${url}`).toContain(response.status);
    }
    const stored = await cms.strapi
      .documents('api::comment.comment')
      .findOne({ documentId: comment.documentId });
    expect(stored?.moderationStatus).toBe('pending');
    const article = await cms.strapi.documents('api::article.article').findOne({
      documentId: articleId,
      status: 'published',
    });
    expect(article?.title).not.toBe('Piraté');
  });
});
