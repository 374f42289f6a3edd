import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorNamed, blocks, categoryNamed, createArticle, createComment } from './helpers/content';
import { adminToken, asEditor, startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;
let token: string;
const editor = () => asEditor(cms, token);

const ARTICLES = '/content-manager/collection-types/api::article.article';
const COMMENTS = '/content-manager/collection-types/api::comment.comment';

beforeAll(async () => {
  cms = await startCms();
  token = await adminToken(cms);
});

afterAll(async () => {
  await cms?.stop();
});

describe('an editor in the Strapi admin', () => {
  it('logs in with the administrator created from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    expect(token).toMatch(/\S{20,}/);
    await cms
      .http()
      .post('/admin/login')
      .send({ email: 'editrice@kiosque.test', password: 'mauvais-mot-de-passe' })
      .expect(400);
  });

  it('writes a draft that readers only see once it is published', async () => {
    const created = await cms
      .http()
      .post(ARTICLES)
      .set('Authorization', `Bearer ${token}`)
      .send({
        title: 'Nouveau métier : product owner',
        slug: 'nouveau-metier-product-owner',
        excerpt: 'Ce que fait un product owner au quotidien.',
        body: blocks('Le product owner porte la vision du produit.'),
        author: await authorNamed(cms.strapi, 'Rédaction'),
        category: await categoryNamed(cms.strapi, 'Métiers du web'),
      })
      .expect(201);
    const documentId = created.body.data.documentId as string;

    await cms.http().get('/api/articles/slug/nouveau-metier-product-owner').expect(404);

    await editor().post(`${ARTICLES}/${documentId}/actions/publish`).expect(200);

    const published = await cms.http().get('/api/articles/slug/nouveau-metier-product-owner').expect(200);
    expect(published.body.data.title).toBe('Nouveau métier : product owner');
    const list = await cms.http().get('/api/articles').expect(200);
    expect(list.body.data[0].documentId).toBe(documentId);
  });

  it('edits a published article, and readers see the change after it is published again', async () => {
    const article = await createArticle(cms.strapi, { title: 'Titre initial' });

    await editor().put(`${ARTICLES}/${article.documentId}`, { title: 'Titre corrigé' }).expect(200);
    const beforePublish = await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200);
    expect(beforePublish.body.data.title).toBe('Titre initial');

    await editor().post(`${ARTICLES}/${article.documentId}/actions/publish`).expect(200);
    const afterPublish = await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200);
    expect(afterPublish.body.data.title).toBe('Titre corrigé');
  });

  it('keeps an article’s comments when the article is published again', async () => {
    const article = await createArticle(cms.strapi);
    await createComment(cms.strapi, article.documentId, { status: 'approved', content: 'Toujours là' });

    await editor().put(`${ARTICLES}/${article.documentId}`, { excerpt: 'Résumé revu.' }).expect(200);
    await editor().post(`${ARTICLES}/${article.documentId}/actions/publish`).expect(200);

    const comments = await cms
      .http()
      .get(`/api/comments?filters[article][documentId][$eq]=${article.documentId}`)
      .expect(200);
    expect(comments.body.data.map((comment: { content: string }) => comment.content)).toEqual([
      'Toujours là',
    ]);
  });

  it('approves a pending comment, which then appears under the article', async () => {
    const article = await createArticle(cms.strapi);
    const comment = await createComment(cms.strapi, article.documentId, {
      status: 'pending',
      content: 'À valider',
    });
    const publicList = `/api/comments?filters[article][documentId][$eq]=${article.documentId}`;
    expect((await cms.http().get(publicList)).body.data).toEqual([]);

    const pending = await editor().get(
      `${COMMENTS}?filters[$and][0][moderationStatus][$eq]=pending&sort=createdAt:DESC`,
    );
    expect(pending.status, JSON.stringify(pending.body)).toBe(200);
    expect(pending.body.results.map((row: { documentId: string }) => row.documentId)).toContain(
      comment.documentId,
    );

    const moderated = await editor().put(`${COMMENTS}/${comment.documentId}`, {
      moderationStatus: 'approved',
    });
    expect(moderated.status, JSON.stringify(moderated.body)).toBe(200);

    const approved = await cms.http().get(publicList).expect(200);
    expect(approved.body.data.map((row: { content: string }) => row.content)).toEqual(['À valider']);
  });

  /** How the admin's content manager shows `uid`, as an editor's browser reads it. */
  async function viewConfiguration(uid: string) {
    const response = await editor().get(`/content-manager/content-types/${uid}/configuration`).expect(200);
    return response.body.data.contentType;
  }

  it('finds the comment list sorted newest first with the moderation status up front', async () => {
    const { settings, layouts } = await viewConfiguration('api::comment.comment');
    expect(settings).toMatchObject({
      defaultSortBy: 'createdAt',
      defaultSortOrder: 'DESC',
      mainField: 'authorName',
    });
    expect(layouts.list[0]).toBe('moderationStatus');
  });

  it('sees the reading time as computed, not editable, and the article list with category and author', async () => {
    const { metadatas, layouts } = await viewConfiguration('api::article.article');
    expect(metadatas.readingTime.edit).toMatchObject({ editable: false, label: 'Temps de lecture (min)' });
    expect(layouts.list).toEqual(['title', 'category', 'author', 'updatedAt']);
  });

  it('sees the e-mail of a comment author, which readers never do', async () => {
    const article = await createArticle(cms.strapi);
    const comment = await createComment(cms.strapi, article.documentId, {
      status: 'approved',
      authorEmail: 'visible.en.admin@example.org',
    });
    const response = await editor().get(`${COMMENTS}/${comment.documentId}`).expect(200);
    expect(response.body.data.authorEmail).toBe('visible.en.admin@example.org');
  });
});
