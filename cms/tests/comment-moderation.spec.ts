import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EDITORIAL_AUTHOR_NAME,
  MODERATION_API,
  MODERATION_BATCH_MAX,
  QUEUE_ORDER,
  THREAD_EXCERPT_MAX,
  type CommentStatus,
  type CommentStatusCounts,
  type ModerationThread,
} from '@kiosque/shared';
import { postComment } from './helpers/comments';
import { createArticle, createComment } from './helpers/content';
import { adminToken, asEditor, startCms, type RunningCms } from './helpers/strapi';

/**
 * The admin's moderation routes on the real CMS over HTTP: one comment or a page of them changes
 * status through the comment service (so readers see it at once, past the response cache), only an
 * editor allowed to edit comments may do it, and anything malformed is a 4xx that changes nothing.
 */

const COMMENT_UID = 'api::comment.comment';
const COMMENTS = `/content-manager/collection-types/${COMMENT_UID}`;

let cms: RunningCms;
let token: string;
let article: { documentId: string };
const editor = () => asEditor(cms, token);

async function statusOf(documentId: string): Promise<string | null | undefined> {
  const comment = await cms.strapi
    .documents(COMMENT_UID)
    .findOne({ documentId, fields: ['moderationStatus'] });
  return comment?.moderationStatus;
}

async function pendingComments(count: number): Promise<string[]> {
  const created = [];
  for (let index = 0; index < count; index += 1) {
    created.push((await createComment(cms.strapi, article.documentId, { status: 'pending' })).documentId);
  }
  return created;
}

/** The article's approved comments as readers get them (through the response cache). */
async function publicThreads() {
  const response = await cms.http().get(`/api/articles/${article.documentId}/comments`).expect(200);
  return response.body.data as Array<{
    documentId: string;
    authorName: string;
    editorial: boolean;
    replies: Array<{ documentId: string; authorName: string; editorial: boolean; depth: number }>;
  }>;
}

/** An admin account whose role has no permission on comments (a translator, say). */
async function editorWithoutCommentRights(): Promise<string> {
  const role = await cms.strapi
    .service('admin::role')
    .create({ name: 'Traduction', description: 'Traduit les articles, ne modère pas.' });
  const credentials = { email: 'traductrice@kiosque.test', password: 'Traduction-2026-ok' };
  await cms.strapi.service('admin::user').create({
    ...credentials,
    firstname: 'Inès',
    lastname: 'Traductrice',
    isActive: true,
    roles: [role.id],
  });
  const login = await cms.http().post('/admin/login').send(credentials).expect(200);
  return login.body.data.token as string;
}

/** A reader signed in with the users-permissions plugin (a content-API token, not an admin one). */
async function readerToken(): Promise<string> {
  const role = await cms.strapi
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  const user = await cms.strapi.plugin('users-permissions').service('user').add({
    username: 'lectrice',
    email: 'lectrice@example.org',
    password: 'Lectrice-2026-ok',
    provider: 'local',
    confirmed: true,
    role: role.id,
  });
  return cms.strapi.plugin('users-permissions').service('jwt').issue({ id: user.id }) as string;
}

beforeAll(async () => {
  cms = await startCms({ SEED_DEMO_CONTENT: 'false' });
  token = await adminToken(cms);
  article = await createArticle(cms.strapi);
});

afterAll(async () => {
  await cms?.stop();
});

describe('moderating comments from the admin', () => {
  it('approves one comment, and readers see it at once although their page was cached', async () => {
    const [documentId] = await pendingComments(1);
    expect((await publicThreads()).map((thread) => thread.documentId)).not.toContain(documentId);

    const response = await editor()
      .post(MODERATION_API.moderate, { documentIds: [documentId], status: 'approved' })
      .expect(200);

    expect(response.body.data).toEqual({ status: 'approved', updated: [documentId], unchanged: [] });
    expect(await statusOf(documentId)).toBe('approved');
    expect((await publicThreads()).map((thread) => thread.documentId)).toContain(documentId);
  });

  it('marks a selection as spam in one request, and the pending count drops by as many', async () => {
    const before = (await editor().get(MODERATION_API.pendingCount).expect(200)).body.data.pending;
    const selection = await pendingComments(5);
    expect((await editor().get(MODERATION_API.pendingCount).expect(200)).body.data.pending).toBe(before + 5);

    const response = await editor()
      .post(MODERATION_API.moderate, { documentIds: [...selection, selection[0]], status: 'spam' })
      .expect(200);

    expect(response.body.data.updated).toEqual(selection);
    expect(await Promise.all(selection.map(statusOf))).toEqual(Array(5).fill('spam'));
    expect((await editor().get(MODERATION_API.pendingCount).expect(200)).body.data.pending).toBe(before);
  });

  it('takes an approved comment back off the site when it is rejected, and says what was already so', async () => {
    const [approved, rejected] = await pendingComments(2);
    await editor()
      .post(MODERATION_API.moderate, { documentIds: [approved], status: 'approved' })
      .expect(200);
    await editor()
      .post(MODERATION_API.moderate, { documentIds: [rejected], status: 'rejected' })
      .expect(200);

    const response = await editor()
      .post(MODERATION_API.moderate, { documentIds: [approved, rejected], status: 'rejected' })
      .expect(200);

    expect(response.body.data).toEqual({ status: 'rejected', updated: [approved], unchanged: [rejected] });
    expect((await publicThreads()).map((thread) => thread.documentId)).not.toContain(approved);
  });

  it('changes nothing when one comment of the selection does not exist', async () => {
    const [existing] = await pendingComments(1);

    const response = await editor()
      .post(MODERATION_API.moderate, {
        documentIds: [existing, 'zzzzzzzzzzzzzzzzzzzzzzzz'],
        status: 'approved',
      })
      .expect(404);

    expect(response.body.error.message).toMatch(/rien n’a été changé/);
    expect(await statusOf(existing)).toBe('pending');
  });

  it.each([
    ['an unknown status', { status: 'published' }],
    ['no ids', { documentIds: [] }],
    ['ids that are not a list', { documentIds: 'abc' }],
    ['an id with a path in it', { documentIds: ['../../admin'] }],
    ['an id that is an object', { documentIds: [{ $ne: null }] }],
    [
      'more ids than a page of the list',
      { documentIds: Array.from({ length: MODERATION_BATCH_MAX + 1 }, (_, i) => `c${i}`) },
    ],
    ['an extra field', { moderationReason: 'à la main' }],
  ])('refuses %s with a 400 and changes nothing', async (_name, override) => {
    const [documentId] = await pendingComments(1);
    const response = await editor()
      .post(MODERATION_API.moderate, { documentIds: [documentId], status: 'approved', ...override })
      .expect(400);
    expect(response.body.error.message).toMatch(/[a-zé]{4,}/);
    expect(await statusOf(documentId)).toBe('pending');
  });

  it('refuses a body that is not JSON with a 400', async () => {
    await cms
      .http()
      .post(MODERATION_API.moderate)
      .set('Authorization', `Bearer ${token}`)
      .type('form')
      .send('documentIds=abc&status=approved')
      .expect(400);
  });

  it('refuses anonymous visitors, readers signed in on the site and editors without rights on comments', async () => {
    const [documentId] = await pendingComments(1);
    const body = { documentIds: [documentId], status: 'approved' };

    await cms.http().post(MODERATION_API.moderate).send(body).expect(401);
    await cms.http().get(MODERATION_API.pendingCount).expect(401);
    await cms
      .http()
      .post(MODERATION_API.moderate)
      .set('Authorization', `Bearer ${await readerToken()}`)
      .send(body)
      .expect(401);
    const translator = await editorWithoutCommentRights();
    for (const request of [
      cms.http().post(MODERATION_API.moderate).send(body),
      cms.http().get(MODERATION_API.pendingCount),
      cms.http().post(MODERATION_API.reply(documentId)).send({ content: 'Merci pour votre message.' }),
    ]) {
      await request.set('Authorization', `Bearer ${translator}`).expect(403);
    }
    expect(await statusOf(documentId)).toBe('pending');
  });

  it('keeps the thread fields the CMS computes out of an editor’s reach in the content manager', async () => {
    const [documentId] = await pendingComments(1);

    await editor()
      .put(`${COMMENTS}/${documentId}`, {
        depth: 3,
        threadRootId: 'ailleurs',
        editorial: true,
        content: 'Corrigé.',
      })
      .expect(200);

    const stored = await cms.strapi
      .documents(COMMENT_UID)
      .findOne({ documentId, fields: ['depth', 'threadRootId', 'editorial', 'content'] });
    expect(stored).toMatchObject({ depth: 1, threadRootId: null, content: 'Corrigé.' });
    expect(stored?.editorial).toBeFalsy();

    const view = await editor()
      .get(`/content-manager/content-types/${COMMENT_UID}/configuration`)
      .expect(200);
    const { metadatas } = view.body.data.contentType;
    expect(metadatas.depth.edit.editable).toBe(false);
    expect(metadatas.editorial.edit).toMatchObject({ editable: false, label: 'Réponse de la rédaction' });
    expect(metadatas.content.edit.editable).toBe(true);
    expect(metadatas.ipHash.edit.visible).toBe(false);
  });
});

describe('the comment list in the content manager', () => {
  it('shows the article of each comment by its title', async () => {
    const view = await editor()
      .get(`/content-manager/content-types/${COMMENT_UID}/configuration`)
      .expect(200);
    const { layouts, metadatas } = view.body.data.contentType;
    expect(layouts.list).toEqual(expect.arrayContaining(['article', 'moderationReason']));
    expect(layouts.list.indexOf('article')).toBe(layouts.list.indexOf('authorName') + 1);
    expect(metadatas.article.list).toMatchObject({ label: 'Article', mainField: 'title' });

    const titled = await createArticle(cms.strapi, { title: `Entretien d’embauche ${Date.now()}` });
    const comment = await createComment(cms.strapi, titled.documentId, { status: 'pending' });
    const list = await editor()
      .get(`${COMMENTS}?page=1&pageSize=10&filters[$and][0][documentId][$eq]=${comment.documentId}`)
      .expect(200);
    expect(list.body.results).toHaveLength(1);
    expect(list.body.results[0].article).toMatchObject({
      documentId: titled.documentId,
      title: titled.title,
    });
  });
});

describe('replying as the editorial team', () => {
  it('publishes the reply at once, signed by the editorial team and flagged for the site’s badge', async () => {
    const [question] = await pendingComments(1);
    await editor()
      .post(MODERATION_API.moderate, { documentIds: [question], status: 'approved' })
      .expect(200);
    await publicThreads(); // the page is now cached

    const response = await editor()
      .post(MODERATION_API.reply(question), { content: '  Merci, nous corrigeons l’article.  ' })
      .expect(201);

    expect(response.body.data).toMatchObject({
      authorName: EDITORIAL_AUTHOR_NAME,
      content: 'Merci, nous corrigeons l’article.',
      editorial: true,
      depth: 2,
      parentDocumentId: question,
    });
    const thread = (await publicThreads()).find((candidate) => candidate.documentId === question);
    expect(thread?.editorial).toBe(false);
    expect(thread?.replies).toEqual([
      expect.objectContaining({
        documentId: response.body.data.documentId,
        authorName: EDITORIAL_AUTHOR_NAME,
        editorial: true,
        depth: 2,
      }),
    ]);
    // The flat public list says it too, and neither shows the editor's address.
    const flat = await cms
      .http()
      .get(`/api/comments?filters[article][documentId][$eq]=${article.documentId}`)
      .expect(200);
    const reply = flat.body.data.find(
      (comment: { documentId: string }) => comment.documentId === response.body.data.documentId,
    );
    expect(reply.editorial).toBe(true);
    expect(JSON.stringify(flat.body)).not.toContain('editrice@kiosque.test');
  });

  it.each([
    ['a comment still pending', 'pending', 400, /Approuvez d’abord/],
    ['a comment marked as spam', 'spam', 400, /Approuvez d’abord/],
  ])('refuses to answer %s', async (_name, status, code, message) => {
    const [documentId] = await pendingComments(1);
    if (status !== 'pending') {
      await editor()
        .post(MODERATION_API.moderate, { documentIds: [documentId], status })
        .expect(200);
    }
    const response = await editor()
      .post(MODERATION_API.reply(documentId), { content: 'Une réponse.' })
      .expect(code);
    expect(response.body.error.message).toMatch(message);
  });

  it.each([
    ['an empty text', { content: '   ' }],
    ['a text too long', { content: 'x'.repeat(5001) }],
    ['a name of its own', { content: 'Une réponse.', authorName: 'Autre' }],
  ])('refuses %s with a 400', async (_name, body) => {
    const [documentId] = await pendingComments(1);
    await editor()
      .post(MODERATION_API.moderate, { documentIds: [documentId], status: 'approved' })
      .expect(200);
    await editor().post(MODERATION_API.reply(documentId), body).expect(400);
  });

  it('answers 404 for a comment that does not exist or an id no comment can have', async () => {
    await editor()
      .post(MODERATION_API.reply('zzzzzzzzzzzzzzzzzzzzzzzz'), { content: 'Une réponse.' })
      .expect(404);
    await editor().post(MODERATION_API.reply('a%20b'), { content: 'Une réponse.' }).expect(404);
  });
});

describe('the thread around a comment, for the admin', () => {
  async function threadOf(documentId: string): Promise<ModerationThread> {
    return (await editor().get(MODERATION_API.thread(documentId)).expect(200)).body.data as ModerationThread;
  }

  it('shows a comment with its article, the comment it answers and its replies of every status', async () => {
    const [question] = await pendingComments(1);
    await editor()
      .post(MODERATION_API.moderate, { documentIds: [question], status: 'approved' })
      .expect(200);
    const editorial = await editor()
      .post(MODERATION_API.reply(question), { content: 'La rédaction vous répond.' })
      .expect(201);
    // A reader's reply, held as a first comment is: the thread says why.
    const readerEmail = `reponse.${Date.now()}@example.org`;
    const posted = await postComment(
      cms,
      article.documentId,
      {},
      {
        parent: question,
        authorEmail: readerEmail,
        content: `Moi aussi ${'je me pose la question '.repeat(30)}`,
      },
    );
    expect(posted.status).toBe(201);
    const readerReply = posted.body.data.documentId as string;

    const thread = await threadOf(question);

    const stored = await cms.strapi.documents(COMMENT_UID).findOne({
      documentId: question,
      fields: ['authorName'],
      populate: { article: { fields: ['title'] } },
    });
    expect(thread.article).toEqual({
      documentId: article.documentId,
      title: (stored?.article as { title: string }).title,
    });
    expect(thread.comment).toMatchObject({
      documentId: question,
      authorName: stored?.authorName,
      moderationStatus: 'approved',
    });
    expect(thread.parent).toBeNull();
    expect(
      thread.replies.map((reply) => [reply.documentId, reply.moderationStatus, reply.editorial]),
    ).toEqual([
      [editorial.body.data.documentId, 'approved', true],
      [readerReply, 'pending', false],
    ]);
    const held = thread.replies[1];
    expect(held.moderationReason).toMatch(/[a-zé]{4,}/);
    expect(held.excerpt.length).toBeLessThanOrEqual(THREAD_EXCERPT_MAX + 1);
    expect(held.excerpt).toMatch(/^Moi aussi je me pose la question .*…$/);
    expect(thread.moreReplies).toBe(0);
    // Never the addresses: neither the reader's nor the editor's who answered.
    const raw = JSON.stringify(thread);
    expect(raw).not.toContain(readerEmail);
    expect(raw).not.toContain('@');

    // From the reply, the thread shows what it answers.
    const fromReply = await threadOf(readerReply);
    expect(fromReply.parent).toMatchObject({ documentId: question, moderationStatus: 'approved' });
    expect(fromReply.replies).toEqual([]);
  });

  it('shows a reply approved from it at once', async () => {
    const [question] = await pendingComments(1);
    await editor()
      .post(MODERATION_API.moderate, { documentIds: [question], status: 'approved' })
      .expect(200);
    const posted = await postComment(cms, article.documentId, {}, { parent: question });
    const reply = posted.body.data.documentId as string;
    expect((await threadOf(question)).replies.map((r) => r.moderationStatus)).toEqual(['pending']);

    await editor()
      .post(MODERATION_API.moderate, { documentIds: [reply], status: 'approved' })
      .expect(200);

    expect((await threadOf(question)).replies.map((r) => r.moderationStatus)).toEqual(['approved']);
  });

  it('answers 404 for a comment that does not exist and 400 for an id no comment can have', async () => {
    const missing = await editor().get(MODERATION_API.thread('zzzzzzzzzzzzzzzzzzzzzzzz')).expect(404);
    expect(missing.body.error.message).toMatch(/n’existe pas/);
    for (const bad of ['a b', '../../admin', 'x'.repeat(65)]) {
      const refused = await editor().get(MODERATION_API.thread(bad)).expect(400);
      expect(refused.body.error.message).toMatch(/identifiant/);
    }
  });

  it('refuses anonymous visitors and editors without rights on comments', async () => {
    const [documentId] = await pendingComments(1);
    await cms.http().get(MODERATION_API.thread(documentId)).expect(401);
    await cms.http().get(MODERATION_API.statusCounts).expect(401);
    const login = await cms
      .http()
      .post('/admin/login')
      .send({ email: 'traductrice@kiosque.test', password: 'Traduction-2026-ok' });
    const translator =
      login.status === 200 ? (login.body.data.token as string) : await editorWithoutCommentRights();
    await cms
      .http()
      .get(MODERATION_API.thread(documentId))
      .set('Authorization', `Bearer ${translator}`)
      .expect(403);
    await cms
      .http()
      .get(MODERATION_API.statusCounts)
      .set('Authorization', `Bearer ${translator}`)
      .expect(403);
  });
});

describe('the queue’s counts by status', () => {
  async function counts(): Promise<CommentStatusCounts> {
    return (await editor().get(MODERATION_API.statusCounts).expect(200)).body.data as CommentStatusCounts;
  }

  it('counts every status, pending first, and follows a moderation', async () => {
    const before = await counts();
    expect(Object.keys(before)).toEqual(['pending', 'approved', 'spam', 'rejected']);
    const stored = async (status: CommentStatus) =>
      cms.strapi.documents(COMMENT_UID).count({ filters: { moderationStatus: { $eq: status } } });
    for (const status of QUEUE_ORDER) expect(before[status]).toBe(await stored(status));

    const [one, two] = await pendingComments(2);
    await editor()
      .post(MODERATION_API.moderate, { documentIds: [one], status: 'approved' })
      .expect(200);
    await editor()
      .post(MODERATION_API.moderate, { documentIds: [two], status: 'spam' })
      .expect(200);

    expect(await counts()).toEqual({
      pending: before.pending,
      approved: before.approved + 1,
      spam: before.spam + 1,
      rejected: before.rejected,
    });
    const answer = await editor().get(MODERATION_API.statusCounts).expect(200);
    expect(answer.headers['cache-control']).toBe('no-store');
  });
});
