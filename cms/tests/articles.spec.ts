import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle, createComment } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;

beforeAll(async () => {
  cms = await startCms();
});

afterAll(async () => {
  await cms?.stop();
});

describe('public article API', () => {
  it('lists published articles newest first, without their body', async () => {
    const response = await cms.http().get('/api/articles').expect(200);
    const articles = response.body.data as { publishedAt: string; body?: unknown; title: string }[];
    expect(articles.length).toBeGreaterThanOrEqual(3);
    const dates = articles.map((article) => Date.parse(article.publishedAt));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(articles.every((article) => article.body === undefined)).toBe(true);
    expect(response.body.meta.pagination.total).toBe(articles.length);
  });

  it('returns an article with its body by slug', async () => {
    const article = await createArticle(cms.strapi);
    const response = await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200);
    expect(response.body.data).toMatchObject({
      documentId: article.documentId,
      title: article.title,
      slug: article.slug,
      author: { name: 'Équipe de test' },
      category: { name: 'Tests' },
      readingTime: 1,
      commentsClosed: false,
    });
    expect(response.body.data.body[0].children[0].text).toBe('Le texte de test.');
  });

  it('answers 404 with a readable message for an unknown slug', async () => {
    const response = await cms.http().get('/api/articles/slug/cet-article-n-existe-pas').expect(404);
    expect(response.body.error.message).toBe('Cet article est introuvable.');
  });

  it('never shows a draft, even when the client asks for drafts', async () => {
    const draft = await createArticle(cms.strapi, { publish: false, title: 'Brouillon secret' });

    for (const url of ['/api/articles', '/api/articles?status=draft']) {
      const list = await cms.http().get(url).expect(200);
      expect(JSON.stringify(list.body)).not.toContain('Brouillon secret');
    }
    // The server decides what a list populates: asking for more is refused, drafts or not.
    const populated = await cms.http().get('/api/articles?status=draft&populate=*').expect(400);
    expect(populated.text).not.toContain('Brouillon secret');
    await cms.http().get(`/api/articles/slug/${draft.slug}`).expect(404);
    await cms.http().get(`/api/articles/slug/${draft.slug}?status=draft`).expect(404);
    await cms.http().get(`/api/articles/${draft.documentId}?status=draft`).expect(404);
  });

  it('stops showing an article as soon as it is unpublished', async () => {
    const article = await createArticle(cms.strapi);
    await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200);

    await cms.strapi.documents('api::article.article').unpublish({ documentId: article.documentId });

    await cms.http().get(`/api/articles/slug/${article.slug}`).expect(404);
    const list = await cms.http().get('/api/articles').expect(200);
    expect(list.body.data.map((item: { documentId: string }) => item.documentId)).not.toContain(
      article.documentId,
    );
  });

  it('shows the published version while an edited draft waits', async () => {
    const article = await createArticle(cms.strapi, { title: 'Titre publié' });
    await cms.strapi.documents('api::article.article').update({
      documentId: article.documentId,
      data: { title: 'Titre en cours de réécriture' },
    });

    const response = await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200);
    expect(response.body.data.title).toBe('Titre publié');
  });
});

describe('the article page in one request', () => {
  it('answers the article with its comment state, the groups for it and the first threads, without e-mails', async () => {
    const article = await createArticle(cms.strapi, { title: 'Page complète' });
    const root = await createComment(cms.strapi, article.documentId, {
      status: 'approved',
      content: 'Visible',
      authorEmail: 'cache.moi@example.org',
    });
    await cms.strapi.documents('api::comment.comment').create({
      data: {
        article: article.documentId,
        authorName: 'Répondeuse',
        authorEmail: 'reponse@example.org',
        content: 'Une réponse',
        moderationStatus: 'approved',
        parentDocumentId: root.documentId,
        threadRootId: root.documentId,
        depth: 2,
      },
    });
    await createComment(cms.strapi, article.documentId, { status: 'pending', content: 'Pas encore' });

    const response = await cms.http().get(`/api/pages/article/${article.slug}`).expect(200);
    const { data } = response.body;
    expect(data.article).toMatchObject({
      documentId: article.documentId,
      title: 'Page complète',
      commentCount: 2,
      commentsOpen: true,
    });
    expect(data.article.body[0].children[0].text).toBe('Le texte de test.');
    expect(data.groups.map((group: { platform: string }) => group.platform)).toEqual([
      'whatsapp_group',
      'whatsapp_group',
      'telegram',
    ]);
    expect(data.comments.data.map((thread: { content: string }) => thread.content)).toEqual(['Visible']);
    expect(data.comments.data[0].replies.map((reply: { content: string }) => reply.content)).toEqual([
      'Une réponse',
    ]);
    expect(data.comments.meta).toEqual({
      pagination: { page: 1, pageSize: 20, pageCount: 1, total: 1 },
      total: 2,
      sort: 'oldest',
    });
    expect(response.text).not.toContain('cache.moi@example.org');
    expect(response.text).not.toContain('ipHash');
  });

  it('answers exactly what the separate endpoints answer', async () => {
    const article = await createArticle(cms.strapi, { category: 'Emploi' });
    await createComment(cms.strapi, article.documentId, { status: 'approved' });

    const page = (await cms.http().get(`/api/pages/article/${article.slug}`).expect(200)).body.data;
    const single = (await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200)).body.data;
    const threads = (
      await cms
        .http()
        .get(`/api/articles/${article.documentId}/comments?sort=oldest&page=1&pageSize=20`)
        .expect(200)
    ).body;
    const groups = (await cms.http().get(`/api/community-groups?article=${article.slug}`).expect(200)).body
      .data;

    expect(page.article).toEqual(single);
    expect(page.comments).toEqual(threads);
    expect(page.groups).toEqual(groups);
  });

  it('says when comments are closed, by the editor or by age', async () => {
    const closed = await createArticle(cms.strapi, { commentsClosed: true });
    const page = (await cms.http().get(`/api/pages/article/${closed.slug}`).expect(200)).body.data;
    expect(page.article.commentsOpen).toBe(false);
  });

  it('answers 404 with a readable message for an unknown, draft or odd slug, never 500', async () => {
    const draft = await createArticle(cms.strapi, { publish: false });
    for (const slug of ['inconnu', draft.slug, '%E2%82%AC%20%22%27', 'x'.repeat(3000)]) {
      const response = await cms.http().get(`/api/pages/article/${slug}`);
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe('Cet article est introuvable.');
    }
  });
});

describe('public community-group API', () => {
  it('lists the active general groups only, in display order', async () => {
    await cms.strapi.documents('api::community-group.community-group').create({
      data: {
        name: 'Groupe désactivé',
        platform: 'telegram',
        inviteUrl: 'https://t.me/groupe_desactive',
        headline: 'Ancien groupe',
        buttonLabel: 'Rejoindre',
        displayOrder: 0,
        active: false,
        full: false,
      },
    });

    const response = await cms.http().get('/api/community-groups').expect(200);
    const groups = response.body.data as { name: string; platform: string; displayOrder: number }[];
    expect(groups.map((group) => group.name)).not.toContain('Groupe désactivé');
    expect(groups.map((group) => group.platform)).toEqual(['whatsapp_group', 'whatsapp_group', 'telegram']);
    expect(groups.map((group) => group.displayOrder)).toEqual([1, 2, 3]);
  });

  it('ignores client filters that try to reveal inactive groups', async () => {
    const response = await cms.http().get('/api/community-groups?filters[active][$eq]=false').expect(200);
    expect(JSON.stringify(response.body)).not.toContain('Groupe désactivé');
  });
});

describe('cross-origin calls and health', () => {
  it('lets the configured SPA origin call the API from a browser', async () => {
    const response = await cms
      .http()
      .options('/api/comments')
      .set('Origin', 'http://localhost:5173')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,idempotency-key');
    expect(response.status).toBeLessThan(300);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(response.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/i);
  });

  it('gives other origins no CORS permission', async () => {
    const response = await cms.http().get('/api/articles').set('Origin', 'https://site-malveillant.example');
    expect(response.headers['access-control-allow-origin']).not.toBe('https://site-malveillant.example');
    expect(response.headers['access-control-allow-origin']).not.toBe('*');
  });

  it('answers the health check without touching the content API', async () => {
    await cms.http().get('/_health').expect(204);
  });
});
