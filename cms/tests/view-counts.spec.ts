import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDay, MAX_VIEW_COUNT_ENTRIES } from '@kiosque/shared';
import type { ReaderCounters } from '../src/counting/reader-counters';
import type { CountRow } from '../src/db/reader-counts';
import { createArticle } from './helpers/content';
import { startServedCms, type RunningCms } from './helpers/strapi';

const COUNT_UID = 'api::reader-count.reader-count';
const SECRET = 'le-secret-du-serveur-de-pages-pour-ces-tests';

let cms: RunningCms;
let baseUrl: string;

const counters = (): ReaderCounters => cms.strapi.service(COUNT_UID).counters();

/** A page server's flush, with `authorization` as the Authorization header (none when null). */
function flush(body: unknown, authorization: string | null = `Bearer ${SECRET}`): Promise<Response> {
  return fetch(`${baseUrl}/api/reader-counts/views`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(authorization === null ? {} : { Authorization: authorization }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function storedRows(where: Record<string, unknown>): Promise<CountRow[]> {
  await counters().flush();
  return cms.strapi.db.query(COUNT_UID).findMany({ where }) as Promise<CountRow[]>;
}

beforeAll(async () => {
  // A long flush interval: the tests flush when they read.
  ({ cms, baseUrl } = await startServedCms({ COUNT_SECRET: SECRET, COUNT_FLUSH_MS: '600000' }));
});

afterAll(async () => {
  await cms?.stop();
});

describe('the page server’s view counts (POST /api/reader-counts/views)', () => {
  it('refuses a flush without the secret or with a wrong one with the same 401, and counts nothing', async () => {
    const article = await createArticle(cms.strapi);
    const views = { views: [{ article: article.documentId, day: countDay(new Date()), count: 5 }] };
    const answers = await Promise.all([
      flush(views, null),
      flush(views, 'Bearer un-autre-secret'),
      flush(views, `Bearer ${SECRET}x`),
      flush(views, SECRET),
      flush(views, 'Bearer '),
    ]);
    const bodies = await Promise.all(answers.map((answer) => answer.text()));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0])).toEqual({
      data: null,
      error: { status: 401, name: 'UnauthorizedError', message: expect.stringMatching(/serveur de pages/) },
    });
    expect(await storedRows({ articleDocumentId: article.documentId })).toEqual([]);
  });

  it('adds each article’s views on its day to the same counters as the beacons’, exactly', async () => {
    const article = await createArticle(cms.strapi);
    const other = await createArticle(cms.strapi);
    const today = countDay(new Date());
    const yesterday = countDay(new Date(Date.now() - 86_400_000));
    const answer = await flush({
      views: [
        { article: article.documentId, day: today, count: 1234 },
        { article: article.documentId, day: yesterday, count: 7 },
        { article: other.documentId, day: today, count: 1 },
      ],
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { counted: 1242, ignored: 0 } });
    // A second flush of the same day adds to the same row.
    expect((await flush({ views: [{ article: article.documentId, day: today, count: 766 }] })).status).toBe(
      200,
    );

    const rows = await storedRows({ articleDocumentId: article.documentId, kind: 'view' });
    expect(rows.map((row) => [row.day, row.count]).sort()).toEqual(
      [
        [today, 2000],
        [yesterday, 7],
      ].sort(),
    );
    expect(
      (await storedRows({ articleDocumentId: other.documentId, kind: 'view' })).map((row) => row.count),
    ).toEqual([1]);
  });

  it('ignores an unknown or unpublished article without a row, and counts the rest of the flush', async () => {
    const article = await createArticle(cms.strapi);
    const draft = await createArticle(cms.strapi, { publish: false });
    const today = countDay(new Date());
    const answer = await flush({
      views: [
        { article: 'aucunarticleaveccetidentifiant', day: today, count: 3 },
        { article: draft.documentId, day: today, count: 2 },
        { article: article.documentId, day: today, count: 4 },
      ],
    });
    expect(await answer.json()).toEqual({ data: { counted: 4, ignored: 5 } });
    expect(await storedRows({ articleDocumentId: 'aucunarticleaveccetidentifiant' })).toEqual([]);
    expect(await storedRows({ articleDocumentId: draft.documentId })).toEqual([]);
    expect((await storedRows({ articleDocumentId: article.documentId })).map((row) => row.count)).toEqual([
      4,
    ]);
  });

  it('answers a flush of the wrong shape with a French 400, and counts none of it', async () => {
    const article = await createArticle(cms.strapi);
    const today = countDay(new Date());
    const view = { article: article.documentId, day: today, count: 1 };
    const bad: unknown[] = [
      '{pas du json',
      [],
      {},
      { views: [] },
      { views: 'beaucoup' },
      { views: [view], extra: true },
      { views: [{ ...view, count: 0 }] },
      { views: [{ ...view, count: -3 }] },
      { views: [{ ...view, count: 1.5 }] },
      { views: [{ ...view, count: '12' }] },
      { views: [{ ...view, count: 1e12 }] },
      { views: [{ ...view, day: '2026-02-30' }] },
      { views: [{ ...view, day: 'hier' }] },
      { views: [{ ...view, article: '../admin' }] },
      { views: [{ ...view, group: 'x' }] },
      { views: [view, 'x'] },
      { views: Array.from({ length: MAX_VIEW_COUNT_ENTRIES + 1 }, () => view) },
    ];
    for (const body of bad) {
      const answer = await flush(body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const reply = (await answer.json()) as { error: { message: string } };
      expect(reply.error.message).toMatch(/[a-zé]/);
    }
    expect(await storedRows({ articleDocumentId: article.documentId })).toEqual([]);
  });

  it('is not answered for any other method', async () => {
    const answer = await fetch(`${baseUrl}/api/reader-counts/views`, {
      headers: { Authorization: `Bearer ${SECRET}` },
    });
    expect([404, 405]).toContain(answer.status);
  });
});
