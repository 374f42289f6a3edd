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
      authorName: 'Équipe de test',
      category: 'Tests',
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

    for (const url of [
      '/api/articles',
      '/api/articles?status=draft',
      '/api/articles?status=draft&populate=*',
    ]) {
      const list = await cms.http().get(url).expect(200);
      expect(JSON.stringify(list.body)).not.toContain('Brouillon secret');
    }
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
  it('answers the article, the active groups and the first approved comments, without e-mails', async () => {
    const article = await createArticle(cms.strapi, { title: 'Page complète' });
    await createComment(cms.strapi, article.documentId, {
      status: 'approved',
      content: 'Visible',
      authorEmail: 'cache.moi@example.org',
    });
    await createComment(cms.strapi, article.documentId, { status: 'pending', content: 'Pas encore' });

    const response = await cms.http().get(`/api/pages/article/${article.slug}`).expect(200);
    const { data } = response.body;
    expect(data.article).toMatchObject({ documentId: article.documentId, title: 'Page complète' });
    expect(data.article.body[0].children[0].text).toBe('Le texte de test.');
    expect(data.groups.map((group: { platform: string }) => group.platform)).toEqual([
      'whatsapp',
      'whatsapp',
      'telegram',
    ]);
    expect(data.comments.data.map((comment: { content: string }) => comment.content)).toEqual(['Visible']);
    expect(Object.keys(data.comments.data[0]).sort()).toEqual([
      'authorName',
      'content',
      'createdAt',
      'documentId',
      'id',
    ]);
    expect(data.comments.meta.pagination).toEqual({ page: 1, pageSize: 50, pageCount: 1, total: 1 });
    expect(response.text).not.toContain('cache.moi@example.org');
  });

  it('answers the same article and comments as the separate endpoints', async () => {
    const article = await createArticle(cms.strapi);
    await createComment(cms.strapi, article.documentId, { status: 'approved' });

    const page = (await cms.http().get(`/api/pages/article/${article.slug}`).expect(200)).body.data;
    const single = (await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200)).body.data;
    const comments = (
      await cms
        .http()
        .get(`/api/comments?filters[article][documentId][$eq]=${article.documentId}`)
        .expect(200)
    ).body;
    const groups = (await cms.http().get('/api/community-groups').expect(200)).body.data;

    expect(page.article).toEqual(single);
    expect(page.comments.data).toEqual(comments.data);
    expect(page.comments.meta.pagination.total).toBe(comments.meta.pagination.total);
    expect(page.groups).toEqual(groups);
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
  it('lists active groups only, in display order', async () => {
    await cms.strapi.documents('api::community-group.community-group').create({
      data: {
        name: 'Groupe désactivé',
        platform: 'telegram',
        inviteUrl: 'https://t.me/groupe_desactive',
        headline: 'Ancien groupe',
        buttonLabel: 'Rejoindre',
        displayOrder: 0,
        active: false,
      },
    });

    const response = await cms.http().get('/api/community-groups').expect(200);
    const groups = response.body.data as { name: string; platform: string; displayOrder: number }[];
    expect(groups.map((group) => group.name)).not.toContain('Groupe désactivé');
    expect(groups.map((group) => group.platform)).toEqual(['whatsapp', 'whatsapp', 'telegram']);
    expect(groups.map((group) => group.displayOrder)).toEqual([1, 2, 3]);
  });

  it('ignores client filters that try to reveal inactive groups', async () => {
    const response = await cms.http().get('/api/community-groups?filters[active][$eq]=false').expect(200);
    expect(response.body.data).toEqual([]);
  });
});
