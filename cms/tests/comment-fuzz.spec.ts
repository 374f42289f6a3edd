import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle, createComment, setCommentSettings } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;
let articleId: string;
let parentId: string;
let closedArticleId: string;

const ALLOWED_STATUSES = [201, 400, 404, 413, 415, 429];
const outcomes = new Map<number, number>();

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string; text: string };

function bodies(): fc.Arbitrary<Body> {
  const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 120 }));
  const hostileText = fc.oneof(
    text,
    fc.constantFrom(
      '<script>alert(1)</script>',
      "'; DROP TABLE comments; --",
      '{"$gt": ""}',
      '\u0000\u0001\u0002',
      '‮gnp.exe',
      '👩‍💻'.repeat(3000),
      'x'.repeat(5001),
    ),
  );
  const someValue = fc.oneof(hostileText, fc.anything({ maxDepth: 2 }));
  const comment = fc.record(
    {
      article: fc.oneof(
        fc.constant(articleId),
        fc.constant(closedArticleId),
        someValue,
        fc.constant({ $ne: null }),
      ),
      authorName: someValue,
      authorEmail: fc.oneof(fc.emailAddress(), someValue),
      content: fc.oneof(fc.lorem({ maxCount: 30 }), someValue),
      authorWebsite: fc.oneof(fc.webUrl(), someValue),
      parent: fc.oneof(fc.constant(parentId), someValue),
      company: fc.oneof(fc.constant(''), someValue),
      moderationStatus: fc.constantFrom('approved', 'spam'),
      ipHash: text,
    },
    { requiredKeys: [] },
  );
  // Mostly valid comments with a hostile twist, so that the 201 path is exercised as hard as the 4xx ones.
  const nearlyValid = fc.record({
    article: fc.constant(articleId),
    authorName: fc.oneof(fc.string({ minLength: 1, maxLength: 100 }), hostileText),
    authorEmail: fc.emailAddress(),
    content: fc.oneof(fc.lorem({ maxCount: 40 }), hostileText),
    authorWebsite: fc.option(fc.oneof(fc.webUrl(), hostileText), { nil: undefined }),
    parent: fc.option(fc.constant(parentId), { nil: undefined }),
    company: fc.option(text, { nil: undefined }),
  });
  return fc.oneof(
    { weight: 4, arbitrary: nearlyValid.map((data) => ({ kind: 'json' as const, value: { data } })) },
    { weight: 4, arbitrary: comment.map((data) => ({ kind: 'json' as const, value: { data } })) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value })) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          contentType: fc.constantFrom(
            'application/json',
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/xml',
          ),
          text: fc.oneof(text, fc.constantFrom('{"data": {', '[]', 'null', '{"data": 1e999}', '"texte"')),
        })
        .map((raw) => ({ kind: 'raw' as const, ...raw })),
    },
  );
}

beforeAll(async () => {
  cms = await startCms();
  await setCommentSettings(cms.strapi, { rateLimitPerMinute: 1_000_000 });
  articleId = (await createArticle(cms.strapi)).documentId;
  closedArticleId = (await createArticle(cms.strapi, { commentsClosed: true })).documentId;
  parentId = (await createComment(cms.strapi, articleId, { status: 'approved' })).documentId;
});

afterAll(async () => {
  await cms?.stop();
  console.info(
    'comment endpoint fuzzing, answers by status:',
    Object.fromEntries([...outcomes.entries()].sort(([a], [b]) => a - b)),
  );
});

describe('POST /api/comments under random and hostile bodies', () => {
  it('answers only 201, 400, 404, 413, 415 or 429 (403 when comments are closed), and stores exactly one comment per 201', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(), async (body) => {
        const before = await cms.strapi.documents('api::comment.comment').count({});
        const request = cms.http().post('/api/comments');
        const response =
          body.kind === 'json'
            ? await request.set('Content-Type', 'application/json').send(JSON.stringify(body.value) ?? 'null')
            : await request.set('Content-Type', body.contentType).send(body.text);
        outcomes.set(response.status, (outcomes.get(response.status) ?? 0) + 1);

        // 403 is the answer for an article whose comments are closed, and for no other.
        const postedArticle =
          body.kind === 'json'
            ? (body.value as { data?: { article?: unknown } } | null)?.data?.article
            : undefined;
        const allowed = postedArticle === closedArticleId ? [...ALLOWED_STATUSES, 403] : ALLOWED_STATUSES;
        expect(allowed, JSON.stringify(response.body)).toContain(response.status);
        const after = await cms.strapi.documents('api::comment.comment').count({});
        expect(after - before).toBe(response.status === 201 ? 1 : 0);
        if (response.status !== 201) expect(typeof response.body?.error?.message).toBe('string');
        if (response.status === 201) {
          expect(Object.keys(response.body.data).sort()).toEqual(['documentId', 'message', 'status']);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a posted body choose its own moderation status', async () => {
    const response = await cms
      .http()
      .post('/api/comments')
      .send({
        data: {
          article: articleId,
          authorName: 'Tricheur',
          authorEmail: 'tricheur@example.org',
          content: 'Je me publie moi-même',
          moderationStatus: 'approved',
        },
      })
      .expect(201);
    expect(response.body.data.status).toBe('pending');
  });
});
