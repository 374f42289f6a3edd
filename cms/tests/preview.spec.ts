import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseCacheOf } from '../src/cache/response-cache';
import { checkPreviewToken, signPreviewToken } from '../src/utils/preview-token';
import { authorNamed, blocks, categoryNamed, createArticle } from './helpers/content';
import { adminToken, asEditor, startCms, type RunningCms } from './helpers/strapi';

const SITE_URL = 'https://kiosque.example.org';
const PREVIEW_SECRET = 'secret-des-apercus-pour-les-tests';
const ARTICLES_ADMIN = '/content-manager/collection-types/api::article.article';
const PREVIEW_URL = '/content-manager/preview/url/api::article.article';

let cms: RunningCms;
let token: string;
const editor = () => asEditor(cms, token);

beforeAll(async () => {
  cms = await startCms({ SITE_URL, PREVIEW_SECRET });
  token = await adminToken(cms);
});

afterAll(async () => {
  await cms?.stop();
});

/** A draft written in the admin as an editor does, never published. */
async function draftInAdmin(title: string): Promise<{ documentId: string; slug: string }> {
  const slug = `brouillon-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const created = await cms
    .http()
    .post(ARTICLES_ADMIN)
    .set('Authorization', `Bearer ${token}`)
    .send({
      title,
      slug,
      excerpt: 'Un brouillon en cours de relecture.',
      body: blocks('Le texte du brouillon.'),
      author: await authorNamed(cms.strapi, 'Rédaction'),
      category: await categoryNamed(cms.strapi, 'Brouillons'),
      seo: { metaTitle: 'Titre SEO du brouillon', metaDescription: 'Description SEO du brouillon.' },
    })
    .expect(201);
  return { documentId: created.body.data.documentId as string, slug };
}

/** The token a preview link carries in its fragment. */
function tokenOf(url: URL): string | null {
  return new URLSearchParams(url.hash.slice(1)).get('token');
}

/** What the content manager's preview panel asks the CMS for. */
async function previewUrlInAdmin(documentId: string, status = 'draft'): Promise<URL> {
  const response = await editor().get(`${PREVIEW_URL}?documentId=${documentId}&status=${status}`).expect(200);
  return new URL(response.body.data.url as string);
}

function preview(documentId: string, previewToken?: string, query = '') {
  const request = cms.http().get(`/api/previews/articles/${documentId}${query}`);
  return previewToken === undefined ? request : request.set('X-Preview-Token', previewToken);
}

describe('the content manager’s preview', () => {
  it('links an article to the reader site’s draft route, with a token for that article', async () => {
    const { documentId } = await draftInAdmin('Brouillon à prévisualiser');
    const url = await previewUrlInAdmin(documentId);

    expect(url.origin).toBe(SITE_URL);
    expect(url.pathname).toBe(`/apercu/articles/${documentId}`);
    // In the fragment, which no browser sends to a server: never in the query string.
    expect(url.search).toBe('');
    expect(url.hash).toMatch(/^#token=\d+\.[\w-]{43}$/);
    expect(checkPreviewToken(PREVIEW_SECRET, tokenOf(url), documentId)).toBe('valid');

    const published = await previewUrlInAdmin(documentId, 'published');
    expect(published.search).toBe('?status=published');
    expect(checkPreviewToken(PREVIEW_SECRET, tokenOf(published), documentId)).toBe('valid');
  });

  it('offers no preview for other content types, and only to a signed-in editor', async () => {
    const group = await cms.strapi.documents('api::community-group.community-group').findFirst();
    await cms
      .http()
      .get(
        `/content-manager/preview/url/api::community-group.community-group?documentId=${group?.documentId}`,
      )
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    await cms.http().get(`${PREVIEW_URL}?documentId=abc&status=draft`).expect(401);
  });
});

describe('the preview endpoint', () => {
  it('answers the draft with a valid token, with its groups, never cached nor indexed', async () => {
    const { documentId } = await draftInAdmin('Brouillon complet');
    const previewToken = tokenOf(await previewUrlInAdmin(documentId)) ?? '';

    const response = await preview(documentId, previewToken).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-robots-tag']).toBe('noindex');
    expect(response.headers.etag).toBeUndefined();

    const { article, groups } = response.body.data;
    expect(response.body.meta).toEqual({ status: 'draft' });
    expect(article).toMatchObject({
      documentId,
      title: 'Brouillon complet',
      publishedAt: null,
      body: blocks('Le texte du brouillon.'),
      author: { name: 'Rédaction' },
      category: { name: 'Brouillons' },
      seo: { metaTitle: 'Titre SEO du brouillon' },
    });
    // What the preview page shows, and nothing it does not: no comments, no count, no related articles.
    expect(Object.keys(response.body.data).sort()).toEqual(['article', 'groups']);
    expect(article).not.toHaveProperty('commentCount');
    expect(Array.isArray(groups)).toBe(true);
  });

  it('refuses a missing, tampered, expired or another article’s token with a French 401', async () => {
    const { documentId } = await draftInAdmin('Brouillon protégé');
    const other = await draftInAdmin('Un autre brouillon');
    const valid = signPreviewToken(PREVIEW_SECRET, documentId);
    const last = valid.endsWith('A') ? 'B' : 'A';
    const cases: [string | undefined, 'invalid' | 'expired'][] = [
      [undefined, 'invalid'],
      ['', 'invalid'],
      [`${valid.slice(0, -1)}${last}`, 'invalid'],
      [signPreviewToken('un-autre-secret', documentId), 'invalid'],
      [signPreviewToken(PREVIEW_SECRET, other.documentId), 'invalid'],
      [signPreviewToken(PREVIEW_SECRET, documentId, Date.now() - 2 * 3600 * 1000), 'expired'],
    ];
    for (const [previewToken, reason] of cases) {
      const response = await preview(documentId, previewToken).expect(401);
      expect(response.body.data).toBeNull();
      expect(response.body.error.details).toEqual({ reason });
      expect(response.body.error.message).toMatch(
        reason === 'expired' ? /^Ce lien d’aperçu a expiré\./ : /^Ce lien d’aperçu n’est pas valide\./,
      );
      expect(response.headers['cache-control']).toBe('no-store');
      expect(JSON.stringify(response.body)).not.toContain('Brouillon protégé');
    }
    // The token rides in a header, not in the query string.
    await preview(documentId, undefined, `?token=${encodeURIComponent(valid)}`).expect(401);
  });

  it('answers 404 for an unknown document, and for the published version of a draft never published', async () => {
    await preview(
      'inconnu0000000000000000',
      signPreviewToken(PREVIEW_SECRET, 'inconnu0000000000000000'),
    ).expect(404);
    const { documentId } = await draftInAdmin('Jamais publié');
    const previewToken = signPreviewToken(PREVIEW_SECRET, documentId);
    await preview(documentId, previewToken, '?status=published').expect(404);
  });

  it('never shows the draft on the readers’ endpoints', async () => {
    const { documentId, slug } = await draftInAdmin('Brouillon secret');
    await preview(documentId, signPreviewToken(PREVIEW_SECRET, documentId)).expect(200);

    await cms.http().get(`/api/pages/article/${slug}`).expect(404);
    await cms.http().get(`/api/articles/slug/${slug}`).expect(404);
    await cms.http().get(`/api/articles/${documentId}`).expect(404);
    await cms.http().get(`/api/articles/${documentId}?status=draft`).expect(404);
    const list = await cms.http().get('/api/articles?pagination[pageSize]=100').expect(200);
    expect(JSON.stringify(list.body)).not.toContain('Brouillon secret');
  });

  it('shows the pending changes of a published article, while readers keep the published version', async () => {
    const article = await createArticle(cms.strapi, { title: 'Version publiée' });
    await editor()
      .put(`${ARTICLES_ADMIN}/${article.documentId}`, { title: 'Version corrigée, pas encore publiée' })
      .expect(200);
    const previewToken = signPreviewToken(PREVIEW_SECRET, article.documentId);

    const draft = await preview(article.documentId, previewToken).expect(200);
    expect(draft.body.data.article.title).toBe('Version corrigée, pas encore publiée');
    const published = await preview(article.documentId, previewToken, '?status=published').expect(200);
    expect(published.body.data.article.title).toBe('Version publiée');
    expect(published.body.meta).toEqual({ status: 'published' });
    const page = await cms.http().get(`/api/pages/article/${article.slug}`).expect(200);
    expect(page.body.data.article.title).toBe('Version publiée');
  });

  it('is never served from the response cache: a change to the draft shows at the next preview', async () => {
    const { documentId } = await draftInAdmin('Premier jet');
    const previewToken = signPreviewToken(PREVIEW_SECRET, documentId);
    const first = await preview(documentId, previewToken).expect(200);
    expect(first.body.data.article.title).toBe('Premier jet');

    // Written with the query engine, as no document-service middleware sees it: nothing empties the cache.
    await cms.strapi.db
      .query('api::article.article')
      .updateMany({ where: { documentId, publishedAt: null }, data: { title: 'Deuxième jet' } });
    const second = await preview(documentId, previewToken).expect(200);
    expect(second.body.data.article.title).toBe('Deuxième jet');

    await editor().put(`${ARTICLES_ADMIN}/${documentId}`, { title: 'Troisième jet' }).expect(200);
    const third = await preview(documentId, previewToken).expect(200);
    expect(third.body.data.article.title).toBe('Troisième jet');

    const cache = responseCacheOf(cms.strapi);
    expect(cache.get(` /api/previews/articles/${documentId}`)).toBeUndefined();
  });
});
