import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceChangeFromAnotherInstance, postComment } from './helpers/comments';
import { createArticle, createComment, setCommentSettings } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';
import { commentRows, type NewCommentRow } from '../src/db/comment-rows';

// A reader's comment is written with the query builder rather than the document service: what it stores must still be a document like any other, and the rules must
// hold under concurrency.

let cms: RunningCms;
let articleId: string;

const COMMENT_UID = 'api::comment.comment';

function post(
  fields: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  article: string = articleId,
) {
  return postComment(cms, article, headers, fields);
}

async function linkRows(commentDocumentId: string): Promise<number[]> {
  const meta = cms.strapi.db.metadata.get(COMMENT_UID);
  const row = await cms.strapi.db.query(COMMENT_UID).findOne({ where: { documentId: commentDocumentId } });
  const link = (
    meta.attributes.article as unknown as {
      joinTable: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
    }
  ).joinTable;
  const rows: Record<string, number>[] = await cms.strapi.db
    .connection(link.name)
    .where(link.joinColumn.name, row.id)
    .select(link.inverseJoinColumn.name);
  return rows.map((linkRow) => Number(linkRow[link.inverseJoinColumn.name])).sort((a, b) => a - b);
}

beforeAll(async () => {
  cms = await startCms();
  await setCommentSettings(cms.strapi, { rateLimitPerMinute: 10_000, moderationMode: 'trusted-authors' });
  articleId = (await createArticle(cms.strapi)).documentId;
});

afterAll(async () => {
  await cms?.stop();
});

describe('a comment posted by a reader', () => {
  it('is stored as the document service stores one: documentId, publishedAt, no locale, both article rows', async () => {
    const response = await post({ authorEmail: 'Majuscules@Example.org' }).expect(201);
    const documentId: string = response.body.data.documentId;
    expect(documentId).toMatch(/^[a-z][a-z0-9]{23}$/);

    const stored = await cms.strapi.documents(COMMENT_UID).findOne({
      documentId,
      populate: { article: { fields: ['documentId'] } },
    });
    expect(stored?.article?.documentId).toBe(articleId);
    expect(stored?.publishedAt).toBeTruthy();
    expect(stored?.locale ?? null).toBeNull();
    expect(stored?.authorEmail).toBe('majuscules@example.org');
    expect(stored?.depth).toBe(1);
    expect(stored?.moderationStatus).toBe('pending');

    const reference = await createComment(cms.strapi, articleId, { status: 'pending' });
    expect(await linkRows(documentId)).toEqual(await linkRows(reference.documentId));
    expect((await linkRows(documentId)).length).toBe(2);
  });

  it('can be approved by an editor and then counts and shows like any other', async () => {
    const article = await createArticle(cms.strapi);
    const response = await post({ content: 'À approuver ensuite' }, {}, article.documentId).expect(201);
    await cms.strapi.documents(COMMENT_UID).update({
      documentId: response.body.data.documentId,
      data: { moderationStatus: 'approved' },
    });
    const threads = await cms.http().get(`/api/articles/${article.documentId}/comments`).expect(200);
    expect(threads.body.data.map((thread: { content: string }) => thread.content)).toEqual([
      'À approuver ensuite',
    ]);
    const counts = await cms.strapi.service(COMMENT_UID).approvedCounts([article.documentId]);
    expect(counts.get(article.documentId)).toBe(1);
  });

  it('emits entry.create without the private fields, as the document service does', async () => {
    const events: { uid: string; entry: Record<string, unknown> }[] = [];
    const unsubscribe = cms.strapi.eventHub.on('entry.create', async (payload: (typeof events)[number]) => {
      if (payload.uid === COMMENT_UID) events.push(payload);
    }) as () => void;
    try {
      const response = await post({ content: 'Un événement' }, { 'Idempotency-Key': randomUUID() }).expect(
        201,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const event = events.find((candidate) => candidate.entry.documentId === response.body.data.documentId);
      expect(event?.entry).toMatchObject({ content: 'Un événement', article: { documentId: articleId } });
      for (const field of ['authorEmail', 'ipHash', 'userAgent', 'idempotencyKey']) {
        expect(event?.entry).not.toHaveProperty(field);
      }
    } finally {
      unsubscribe();
    }
  });

  it('answers 404 for an unpublished article and 403 once it is closed, storing nothing', async () => {
    const draft = await createArticle(cms.strapi, { publish: false });
    const before = await cms.strapi.documents(COMMENT_UID).count({});
    await post({}, {}, draft.documentId).expect(404);
    const closed = await createArticle(cms.strapi, { commentsClosed: true });
    await post({}, {}, closed.documentId).expect(403);
    expect(await cms.strapi.documents(COMMENT_UID).count({})).toBe(before);
  });
});

describe('comment settings kept in memory', () => {
  it('applies an editor’s change to the next comment', async () => {
    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    expect((await post().expect(201)).body.data.status).toBe('approved');
    await setCommentSettings(cms.strapi, { moderationMode: 'hold-all' });
    expect((await post().expect(201)).body.data.status).toBe('pending');
    await setCommentSettings(cms.strapi, { moderationMode: 'trusted-authors' });
  });

  it('reads them again when another instance announces a change', async () => {
    const service = cms.strapi.service('api::comment-setting.comment-setting');
    const before = await service.current();
    // Another instance's write: the row changes without this instance's document service.
    await cms.strapi.db
      .query('api::comment-setting.comment-setting')
      .updateMany({ where: {}, data: { maxLinks: before.maxLinks + 7 } });
    expect((await service.current()).maxLinks).toBe(before.maxLinks);

    await announceChangeFromAnotherInstance(cms.strapi);
    expect((await service.current()).maxLinks).toBe(before.maxLinks + 7);
    await setCommentSettings(cms.strapi, { maxLinks: before.maxLinks });
  });
});

describe('concurrent submissions', () => {
  it('keeps each one’s own outcome: one per key, one per duplicate text, the limit exact', async () => {
    const article = await createArticle(cms.strapi);
    await setCommentSettings(cms.strapi, { rateLimitPerMinute: 12 });
    cms.strapi.server.app.proxy = true;
    try {
      const address = { 'X-Forwarded-For': '192.0.2.91' };
      const key = randomUUID();
      const sameKey = Array.from({ length: 8 }, () =>
        post(
          { authorEmail: 'cle@example.org', content: 'Même clé' },
          { ...address, 'Idempotency-Key': key },
          article.documentId,
        ),
      );
      const sameText = Array.from({ length: 8 }, () =>
        post({ authorEmail: 'texte@example.org', content: 'Même texte' }, address, article.documentId),
      );
      const distinct = Array.from({ length: 20 }, (_, index) =>
        post({ content: `Distinct ${index}` }, address, article.documentId),
      );
      const [keyed, texts, others] = await Promise.all([
        Promise.all(sameKey),
        Promise.all(sameText),
        Promise.all(distinct),
      ]);

      // Every retry of one key gets the one comment's answer (or the limit, if it was never stored).
      const keyedCreated = keyed.filter((response) => response.status === 201);
      expect(new Set(keyedCreated.map((response) => response.body.data.documentId)).size).toBeLessThanOrEqual(
        1,
      );
      // One copy of a text at most; the others are duplicates or over the limit.
      expect(texts.filter((response) => response.status === 201).length).toBeLessThanOrEqual(1);
      for (const response of texts) expect([201, 400, 429]).toContain(response.status);

      const stored = await cms.strapi.documents(COMMENT_UID).findMany({
        filters: { article: { documentId: { $eq: article.documentId } } },
        fields: ['content', 'idempotencyKey'],
      });
      // Exactly the limit was stored from this address, and every 201 is one of those rows.
      expect(stored).toHaveLength(12);
      const createdIds = new Set(
        [...keyed, ...texts, ...others]
          .filter((response) => response.status === 201)
          .map((response) => response.body.data.documentId as string),
      );
      expect(new Set(stored.map((row) => row.documentId))).toEqual(createdIds);
      expect(stored.filter((row) => row.content === 'Même clé')).toHaveLength(
        keyedCreated.length > 0 ? 1 : 0,
      );
      expect(stored.filter((row) => row.content === 'Même texte').length).toBeLessThanOrEqual(1);
      const refused = [...keyed, ...texts, ...others].filter((response) => response.status !== 201);
      for (const response of refused) expect([400, 429]).toContain(response.status);
    } finally {
      cms.strapi.server.app.proxy = false;
      await setCommentSettings(cms.strapi, { rateLimitPerMinute: 10_000 });
    }
  });

  it('lets editors write while readers post, without blocking either', async () => {
    const article = await createArticle(cms.strapi);
    const posts = Array.from({ length: 15 }, (_, index) =>
      post({ content: `Pendant l’édition ${index}` }, {}, article.documentId),
    );
    const edits = Array.from({ length: 5 }, (_, index) =>
      cms.strapi.documents('api::article.article').update({
        documentId: article.documentId,
        data: { excerpt: `Résumé ${index}` },
        status: 'published',
      }),
    );
    const [responses] = await Promise.all([Promise.all(posts), Promise.all(edits)]);
    expect(responses.map((response) => response.status)).toEqual(Array(15).fill(201));
    expect(
      await cms.strapi.documents(COMMENT_UID).count({
        filters: { article: { documentId: { $eq: article.documentId } } },
      }),
    ).toBe(15);
  });
});

/** What a submission's rules read, for a client and an article, without a key. */
function factsOf(articleDocumentId: string, ipHash: string, since = new Date(), atMost = 1) {
  return { articleDocumentId, ipHash, since, atMost, content: 'sans objet' };
}

/** The row of a pending comment by Awa (a new address each time) on the article's rows `ids`. */
function pendingRow(articleRowIds: number[], content: string, ipHash: string): NewCommentRow {
  return {
    articleRowIds,
    authorName: 'Awa',
    authorEmail: `awa.${randomUUID()}@example.org`,
    content,
    moderationStatus: 'pending',
    depth: 1,
    ipHash,
    userAgent: 'test',
  };
}

describe('submissions written together', () => {
  it('each keep their own outcome: a failed one undoes only its own rows', async () => {
    const article = await createArticle(cms.strapi);
    const rows = commentRows(cms.strapi);
    // Started in one turn of the event loop, as parallel requests reach the write: they share one
    // transaction, and the one that fails after writing has the batch run again, each in a savepoint.
    const write = (content: string, failAfterInsert = false) =>
      rows.transaction(1, async (tx) => {
        const { ids } = (await tx.facts(factsOf(article.documentId, 'ensemble'))).article;
        const stored = await tx.insert(pendingRow(ids, content, 'ensemble'));
        if (failAfterInsert) throw new Error('refusé après écriture');
        return stored.documentId;
      });
    const outcomes = await Promise.allSettled([write('Premier'), write('Refusé', true), write('Troisième')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('refusé après écriture');

    const stored = await cms.strapi.documents(COMMENT_UID).findMany({
      filters: { article: { documentId: { $eq: article.documentId } } },
      fields: ['content'],
    });
    expect(stored.map((row) => row.content).sort()).toEqual(['Premier', 'Troisième']);
    expect(stored.map((row) => row.documentId).sort()).toEqual(
      [
        (outcomes[0] as PromiseFulfilledResult<string>).value,
        (outcomes[2] as PromiseFulfilledResult<string>).value,
      ].sort(),
    );
  });

  it('run once each when none fails after writing, and again, isolated, when one does', async () => {
    const article = await createArticle(cms.strapi);
    const rows = commentRows(cms.strapi);
    const runs = new Map<string, number>();
    const write = (content: string, outcome: 'stored' | 'refused' | 'failed after insert') =>
      rows.transaction(4, async (tx) => {
        runs.set(content, (runs.get(content) ?? 0) + 1);
        const { ids } = (await tx.facts(factsOf(article.documentId, 'une-fois'))).article;
        // A rule's refusal comes before any write.
        if (outcome === 'refused') throw new Error('refusé par une règle');
        await tx.insert(pendingRow(ids, content, 'une-fois'));
        if (outcome === 'failed after insert') throw new Error('refusé après écriture');
      });

    await Promise.allSettled([write('Un', 'stored'), write('Deux', 'refused'), write('Trois', 'stored')]);
    expect(Object.fromEntries(runs)).toEqual({ Un: 1, Deux: 1, Trois: 1 });

    runs.clear();
    const outcomes = await Promise.allSettled([
      write('Quatre', 'stored'),
      write('Cinq', 'failed after insert'),
      write('Six', 'refused'),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    // Undone at the failure, the batch ran again from its start with each in a savepoint.
    expect(Object.fromEntries(runs)).toEqual({ Quatre: 2, Cinq: 2, Six: 1 });
    const stored = await cms.strapi.documents(COMMENT_UID).findMany({
      filters: { article: { documentId: { $eq: article.documentId } } },
      fields: ['content'],
    });
    expect(stored.map((row) => row.content).sort()).toEqual(['Quatre', 'Trois', 'Un']);
  });

  it('see the rows of those before them in the same transaction', async () => {
    const rows = commentRows(cms.strapi);
    const article = await createArticle(cms.strapi);
    const ipHash = `ensemble-${randomUUID()}`;
    const since = new Date(Date.now() - 60_000);
    const counts = await Promise.all(
      Array.from({ length: 4 }, () =>
        rows.transaction(2, async (tx) => {
          const facts = await tx.facts(factsOf(article.documentId, ipHash, since, 100));
          const before = facts.recent;
          const { ids } = facts.article;
          await tx.insert(pendingRow(ids, `Vu ${randomUUID()}`, ipHash));
          return before;
        }),
      ),
    );
    expect(counts.sort()).toEqual([0, 1, 2, 3]);
    // The count stops at what the rule needs to know.
    await rows.transaction(3, async (tx) => {
      expect((await tx.facts(factsOf(article.documentId, ipHash, since, 2))).recent).toBe(2);
    });
  });
});
