import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMMENT_HONEYPOT_FIELD } from '@kiosque/shared';
import { postComment } from './helpers/comments';
import { createArticle, createComment, setCommentSettings } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;
let articleId: string;

const OPEN_SETTINGS = {
  moderationMode: 'trusted-authors' as const,
  autoCloseAfterDays: null,
  maxLinks: 2,
  blockedWords: '',
  rateLimitPerMinute: 10_000,
};

function post(data: Record<string, unknown>, headers: Record<string, string> = {}) {
  return postComment(cms, articleId, headers, data);
}

async function stored(documentId: string) {
  return cms.strapi.documents('api::comment.comment').findOne({ documentId });
}

beforeAll(async () => {
  cms = await startCms();
});

beforeEach(async () => {
  await setCommentSettings(cms.strapi, OPEN_SETTINGS);
  articleId = (await createArticle(cms.strapi)).documentId;
});

afterAll(async () => {
  await cms?.stop();
});

describe('threads', () => {
  it('nests replies up to three levels and attaches deeper replies to the third level', async () => {
    const root = await createComment(cms.strapi, articleId, { status: 'approved', content: 'Racine' });
    const trusted = { authorEmail: 'habitue@example.org', authorKey: 'cle-de-l-habituee-0123456789' };
    await createComment(cms.strapi, articleId, { status: 'approved', ...trusted, content: 'Ancien avis' });

    const level2 = await post({ ...trusted, parent: root.documentId, content: 'Niveau 2' }).expect(201);
    const level3 = await post({
      ...trusted,
      parent: level2.body.data.documentId,
      content: 'Niveau 3',
    }).expect(201);
    const deeper = await post({
      ...trusted,
      parent: level3.body.data.documentId,
      content: 'Trop profond',
    }).expect(201);
    expect(deeper.body.data.status).toBe('approved');

    const stored4 = await stored(deeper.body.data.documentId);
    expect(stored4).toMatchObject({ depth: 3, parentDocumentId: level2.body.data.documentId });

    const response = await cms.http().get(`/api/articles/${articleId}/comments?sort=oldest`).expect(200);
    const [thread] = response.body.data;
    expect(thread.content).toBe('Racine');
    expect(thread.replies.map((reply: { content: string }) => reply.content)).toEqual(['Niveau 2']);
    const level2Thread = thread.replies[0];
    expect(level2Thread.depth).toBe(2);
    expect(
      level2Thread.replies.map((reply: { content: string; depth: number }) => [reply.content, reply.depth]),
    ).toEqual([
      ['Niveau 3', 3],
      ['Trop profond', 3],
    ]);
    expect(response.body.meta.total).toBe(5);
    expect(response.body.meta.pagination.total).toBe(2);
  });

  it('paginates top-level comments newest or oldest first, with the total of approved comments', async () => {
    for (const content of ['Premier', 'Deuxième', 'Troisième']) {
      await createComment(cms.strapi, articleId, { status: 'approved', content });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await createComment(cms.strapi, articleId, { status: 'pending', content: 'Caché' });

    const oldest = await cms
      .http()
      .get(`/api/articles/${articleId}/comments?sort=oldest&pageSize=2`)
      .expect(200);
    expect(oldest.body.data.map((comment: { content: string }) => comment.content)).toEqual([
      'Premier',
      'Deuxième',
    ]);
    expect(oldest.body.meta).toMatchObject({
      total: 3,
      pagination: { page: 1, pageSize: 2, pageCount: 2, total: 3 },
    });

    const newest = await cms
      .http()
      .get(`/api/articles/${articleId}/comments?sort=newest&pageSize=2`)
      .expect(200);
    expect(newest.body.data.map((comment: { content: string }) => comment.content)).toEqual([
      'Troisième',
      'Deuxième',
    ]);
    const page2 = await cms
      .http()
      .get(`/api/articles/${articleId}/comments?sort=newest&pageSize=2&page=2`)
      .expect(200);
    expect(page2.body.data.map((comment: { content: string }) => comment.content)).toEqual(['Premier']);
  });

  it('refuses bad paging or sorting with 400 and an unknown article with 404', async () => {
    await cms.http().get(`/api/articles/${articleId}/comments?sort=random`).expect(400);
    await cms.http().get(`/api/articles/${articleId}/comments?page=0`).expect(400);
    await cms.http().get(`/api/articles/${articleId}/comments?pageSize=1000`).expect(400);
    await cms.http().get('/api/articles/inexistant/comments').expect(404);
  });

  it('refuses a reply to a comment of another article or to one not yet approved', async () => {
    const other = await createArticle(cms.strapi);
    const elsewhere = await createComment(cms.strapi, other.documentId, { status: 'approved' });
    const pending = await createComment(cms.strapi, articleId, { status: 'pending' });
    for (const parent of [elsewhere.documentId, pending.documentId, 'inexistant']) {
      const response = await post({ parent }).expect(400);
      expect(response.body.error.details.errors[0].path).toEqual(['parent']);
    }
  });
});

describe('comment counts', () => {
  it('shows the number of approved comments, replies included, on lists and on the article', async () => {
    const article = await createArticle(cms.strapi);
    const root = await createComment(cms.strapi, article.documentId, { status: 'approved' });
    await createComment(cms.strapi, article.documentId, { status: 'approved' });
    await createComment(cms.strapi, article.documentId, { status: 'pending' });
    await createComment(cms.strapi, article.documentId, { status: 'spam' });
    await post({ article: article.documentId, parent: root.documentId, authorEmail: 'x@example.org' });
    await cms.strapi.documents('api::comment.comment').create({
      data: {
        article: article.documentId,
        authorName: 'Réponse',
        authorEmail: 'r@example.org',
        content: 'Réponse approuvée',
        moderationStatus: 'approved',
        depth: 2,
        parentDocumentId: root.documentId,
        threadRootId: root.documentId,
      },
    });

    const page = await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200);
    expect(page.body.data.commentCount).toBe(3);
    const list = await cms.http().get('/api/articles').expect(200);
    const summary = list.body.data.find(
      (item: { documentId: string }) => item.documentId === article.documentId,
    );
    expect(summary.commentCount).toBe(3);
    expect(JSON.stringify(list.body)).not.toMatch(/authorEmail|ipHash|userAgent/);
  });
});

describe('closing comments', () => {
  it('closes comments automatically a set number of days after publication', async () => {
    const article = await createArticle(cms.strapi);
    await cms.strapi.db.query('api::article.article').updateMany({
      where: { documentId: article.documentId },
      data: { publishedAt: new Date(Date.now() - 10 * 86_400_000) },
    });

    await setCommentSettings(cms.strapi, { autoCloseAfterDays: 30 });
    expect((await cms.http().get(`/api/articles/slug/${article.slug}`)).body.data.commentsOpen).toBe(true);

    await setCommentSettings(cms.strapi, { autoCloseAfterDays: 7 });
    const page = await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200);
    expect(page.body.data.commentsOpen).toBe(false);
    const response = await post({ article: article.documentId }).expect(403);
    expect(response.body.error.message).toBe('Les commentaires sont fermés pour cet article.');
  });
});

describe('moderation rules', () => {
  it('holds a trusted author when the site holds everything, and publishes a newcomer when it publishes everything', async () => {
    const fidele = { authorEmail: 'fidele@example.org', authorKey: 'cle-de-la-fidele-0123456789' };
    await createComment(cms.strapi, articleId, { status: 'approved', ...fidele });
    await setCommentSettings(cms.strapi, { moderationMode: 'hold-all' });
    expect((await post(fidele).expect(201)).body.data.status).toBe('pending');

    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    expect((await post({}).expect(201)).body.data.status).toBe('approved');
  });

  it('holds a comment with more links than allowed, even from a trusted author', async () => {
    const author = { authorEmail: 'liens@example.org', authorKey: 'cle-de-l-auteur-des-liens-01' };
    await createComment(cms.strapi, articleId, { status: 'approved', ...author });
    const twoLinks = 'Voir https://a.example et www.b.example pour plus';
    expect((await post({ ...author, content: twoLinks }).expect(201)).body.data.status).toBe('approved');
    const threeLinks = 'https://a.example http://b.example www.c.example';
    expect((await post({ ...author, content: threeLinks }).expect(201)).body.data.status).toBe('pending');
  });

  it('holds a comment with a word from the block list, whole words only, whatever its case and accents', async () => {
    await setCommentSettings(cms.strapi, {
      moderationMode: 'publish-all',
      blockedWords: 'casino\ncrypto facile\ncon\ncrédit rapide',
    });
    expect((await post({ content: 'Un conseil pour mon contrat' }).expect(201)).body.data.status).toBe(
      'approved',
    );
    expect((await post({ content: 'Un CREDIT rapide ? Non.' }).expect(201)).body.data.status).toBe('pending');
    expect((await post({ content: 'Gagnez au CASINO ce soir' }).expect(201)).body.data.status).toBe(
      'pending',
    );
    expect((await post({ content: 'La crypto facile, vraiment ?' }).expect(201)).body.data.status).toBe(
      'pending',
    );
    expect((await post({ content: 'Un avis sans mot interdit' }).expect(201)).body.data.status).toBe(
      'approved',
    );
  });

  it('keeps why a comment is held for the moderators, and never shows it to readers', async () => {
    await setCommentSettings(cms.strapi, {
      moderationMode: 'publish-all',
      maxLinks: 1,
      blockedWords: 'casino',
    });
    const reasonOf = async (data: Record<string, unknown>) => {
      const { body } = await post(data).expect(201);
      expect(JSON.stringify(body)).not.toContain('moderationReason');
      return (await stored(body.data.documentId))?.moderationReason ?? null;
    };
    expect(await reasonOf({ content: 'Voyez https://a.example et https://b.example' })).toBe(
      '2 liens (1 permis)',
    );
    expect(await reasonOf({ content: 'Le casino du coin' })).toBe('mot retenu « casino »');
    expect(await reasonOf({ content: 'Un avis tout simple' })).toBeNull();
    expect(await reasonOf({ content: 'Rempli par un robot', [COMMENT_HONEYPOT_FIELD]: 'Robots SA' })).toBe(
      'champ caché rempli : envoyé par un robot',
    );
    await setCommentSettings(cms.strapi, { moderationMode: 'trusted-authors' });
    expect(await reasonOf({ content: 'Ma première fois ici' })).toBe(
      'premier commentaire de cet auteur (ou écrit depuis un autre navigateur)',
    );
  });

  it('refuses an exact duplicate from the same author on the same article', async () => {
    const comment = { authorEmail: 'double@example.org', content: 'Exactement le même texte' };
    await post(comment).expect(201);
    const before = await cms.strapi.documents('api::comment.comment').count({});
    const response = await post({ ...comment, authorEmail: 'DOUBLE@example.org' }).expect(400);
    expect(response.body.error.details.errors[0]).toMatchObject({ path: ['content'] });
    expect(await cms.strapi.documents('api::comment.comment').count({})).toBe(before);
  });

  it('publishes a safe website and refuses a javascript: one', async () => {
    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    await post({ authorWebsite: 'https://mon-portfolio.example.org', content: 'Avec mon site' }).expect(201);
    const refused = await post({ authorWebsite: 'javascript:alert(1)' }).expect(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['authorWebsite']);

    const threads = await cms.http().get(`/api/articles/${articleId}/comments`).expect(200);
    expect(threads.body.data[0].authorWebsite).toBe('https://mon-portfolio.example.org');
  });
});

describe('anti-abuse', () => {
  it('answers 404 or 400, never 500, for an article or a parent named with control characters', async () => {
    // PostgreSQL refuses a NUL byte in a query with an error: such names must not reach it.
    const before = await cms.strapi.documents('api::comment.comment').count({});
    await post({ article: 'abc\u0000def' }).expect(404);
    const reply = await post({ parent: '\u0000\u0001\u0002' }).expect(400);
    expect(reply.body.error.details.errors[0].path).toEqual(['parent']);
    expect(await cms.strapi.documents('api::comment.comment').count({})).toBe(before);
  });

  it('accepts a filled honeypot silently and stores the comment as spam', async () => {
    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    const response = await post({ company: 'Robot SARL', content: 'Achetez maintenant' }).expect(201);
    expect(response.body.data.status).toBe('pending');
    expect(response.body.data.message).toMatch(/en attente de modération/);
    expect((await stored(response.body.data.documentId))?.moderationStatus).toBe('spam');
    const threads = await cms.http().get(`/api/articles/${articleId}/comments`).expect(200);
    expect(JSON.stringify(threads.body)).not.toContain('Achetez maintenant');
  });

  it('limits comments per client address, whatever name or e-mail the client rotates through', async () => {
    await setCommentSettings(cms.strapi, { rateLimitPerMinute: 3 });
    const address = { 'X-Forwarded-For': '203.0.113.7' };
    cms.strapi.server.app.proxy = true;
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await post({ authorName: `Nom ${attempt}` }, address).expect(201);
      }
      const before = await cms.strapi.documents('api::comment.comment').count({});
      const limited = await post({ authorName: 'Encore un autre' }, address).expect(429);
      expect(limited.body.error.message).toBe(
        'Trop de commentaires envoyés depuis votre connexion. Réessayez dans une minute.',
      );
      expect(await cms.strapi.documents('api::comment.comment').count({})).toBe(before);

      await post({}, { 'X-Forwarded-For': '203.0.113.8' }).expect(201);
    } finally {
      cms.strapi.server.app.proxy = false;
    }
  });

  it('ignores X-Forwarded-For unless told to trust the proxy', async () => {
    // Earlier tests posted from this same address: allow exactly two more posts from it.
    const probe = await post({}).expect(201);
    const ipHash = (await stored(probe.body.data.documentId))?.ipHash;
    const recent = await cms.strapi.documents('api::comment.comment').count({
      filters: { ipHash: { $eq: ipHash ?? '' }, createdAt: { $gt: new Date(Date.now() - 60_000) } },
    });
    await setCommentSettings(cms.strapi, { rateLimitPerMinute: recent + 2 });

    await post({}, { 'X-Forwarded-For': '198.51.100.1' }).expect(201);
    await post({}, { 'X-Forwarded-For': '198.51.100.2' }).expect(201);
    await post({}, { 'X-Forwarded-For': '198.51.100.3' }).expect(429);
  });

  it('holds the limit under parallel posts', async () => {
    await setCommentSettings(cms.strapi, { rateLimitPerMinute: 5 });
    cms.strapi.server.app.proxy = true;
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          post({ content: `Rafale ${index}` }, { 'X-Forwarded-For': '192.0.2.44' }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    } finally {
      cms.strapi.server.app.proxy = false;
    }
  });

  it('stores only a hash of the address and keeps it, the user agent and the e-mail private', async () => {
    const response = await post({}, { 'User-Agent': 'NavigateurDeTest/1.0' }).expect(201);
    const row = await stored(response.body.data.documentId);
    expect(row?.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.ipHash).not.toContain('127.0.0.1');
    expect(row?.userAgent).toBe('NavigateurDeTest/1.0');

    for (const field of ['ipHash', 'userAgent', 'authorEmail']) {
      const filtered = await cms.http().get(`/api/comments?filters[${field}][$null]=false`);
      expect(filtered.status, field).toBe(400);
    }
    const reads = await Promise.all([
      cms.http().get('/api/comments?populate=*&fields[0]=ipHash&fields[1]=userAgent'),
      cms.http().get(`/api/articles/${articleId}/comments`),
    ]);
    for (const read of reads)
      expect(JSON.stringify(read.body)).not.toMatch(/ipHash|userAgent|NavigateurDeTest|authorEmail/);
  });
});
