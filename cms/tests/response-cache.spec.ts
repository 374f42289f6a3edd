import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from '@kiosque/shared';
import { purgeHookOf } from '../src/cache/purge-hook';
import { responseCacheOf } from '../src/cache/response-cache';
import {
  categoryNamed,
  createArticle,
  createComment,
  createGroup,
  setCommentSettings,
} from './helpers/content';
import { adminToken, asEditor, startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;
let token: string;
const editor = () => asEditor(cms, token);

const SYNC_MS = 200;
const ARTICLES_ADMIN = '/content-manager/collection-types/api::article.article';
const COMMENTS_ADMIN = '/content-manager/collection-types/api::comment.comment';
const SECRET_EMAIL = 'jamais.publique@example.org';
const READER_BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

const cache = () => responseCacheOf(cms.strapi);
const articles = () => cms.strapi.documents('api::article.article');
const commentsOf = (documentId: string) => `/api/comments?filters[article][documentId][$eq]=${documentId}`;
/** What another instance's write leaves in the shared database, then time for this one to read it. */
async function anotherInstanceWrites(token: string): Promise<void> {
  await cms.strapi.store.set({ type: 'core', name: 'response-cache', key: 'generation', value: token });
  await new Promise((resolve) => setTimeout(resolve, SYNC_MS * 3));
}
const contents = (body: { data: { content: string }[] }) => body.data.map((comment) => comment.content);

/** A shared cache's purge endpoint, as an operator configures it: it records what it is sent. */
interface PurgeReceived {
  method: string;
  url: string;
  body: { tags: string[]; paths: string[] };
}
const purges: PurgeReceived[] = [];
// The purge endpoint's behaviour: answer this many 503s first (a cache restarting), wait this long.
let purgeFailures = 0;
let purgeDelayMs = 0;
let purgeEndpoint: Server;

beforeAll(async () => {
  purgeEndpoint = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      setTimeout(() => {
        if (purgeFailures > 0) {
          purgeFailures -= 1;
          response.writeHead(503).end();
          return;
        }
        purges.push({
          method: request.method ?? '',
          url: request.url ?? '',
          body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as PurgeReceived['body'],
        });
        response.writeHead(202).end();
      }, purgeDelayMs);
    });
  });
  await new Promise<void>((resolve) => purgeEndpoint.listen(0, '127.0.0.1', resolve));
  cms = await startCms({
    RESPONSE_CACHE_SYNC_MS: String(SYNC_MS),
    PURGE_HOOK_URLS: `http://127.0.0.1:${(purgeEndpoint.address() as AddressInfo).port}/purge`,
    PURGE_HOOK_REPEAT_MS: '300',
  });
  token = await adminToken(cms);
});

afterAll(async () => {
  await cms?.stop();
  purgeEndpoint?.closeAllConnections();
  await new Promise((resolve) => purgeEndpoint?.close(resolve));
});

describe('the response cache in front of the public API', () => {
  it('answers a repeated read with the same bytes and an ETag, and 304 when the reader already has it', async () => {
    const first = await cms.http().get('/api/articles').expect(200);
    const second = await cms.http().get('/api/articles').expect(200);

    expect(second.text).toBe(first.text);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second.headers.etag).toMatch(/^"[\w-]{20,}"$/);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL);
    expect(cache().get(' /api/articles')).toBeDefined();

    const revalidated = await cms
      .http()
      .get('/api/articles')
      .set('If-None-Match', first.headers.etag as string)
      .expect(304);
    expect(revalidated.text).toBe('');
    await cms.http().get('/api/articles').set('If-None-Match', '"autre"').expect(200);
  });

  it('computes an answer again once it is older than the maximum age, even without a write', async () => {
    await cms.http().get('/api/articles?pagination[pageSize]=3').expect(200);
    const key = ' /api/articles?pagination[pageSize]=3';
    expect(cache().get(key)).toBeDefined();
    expect(cache().get(key, Date.now() + cache().options.maxAgeMs + 1)).toBeUndefined();
    expect(cache().lookup(key, Date.now() + cache().options.maxAgeMs + 1)?.expired).toBe(true);
  });

  it('computes an URL once for a crowd arriving together, and serves the expired answer while one request recomputes it', async () => {
    const article = await createArticle(cms.strapi, { title: 'Une foule arrive' });
    const url = `/api/pages/article/${article.slug}`;
    const service = cms.strapi.service('api::article.article');
    const original = service.findPageBySlug;
    let computations = 0;
    service.findPageBySlug = async (...args: Parameters<typeof original>) => {
      computations += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return original.apply(service, args);
    };
    const crowd = () => Promise.all(Array.from({ length: 10 }, () => cms.http().get(url)));
    try {
      const first = await crowd();
      expect(first.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(new Set(first.map((response) => response.text)).size).toBe(1);
      expect(computations).toBe(1);

      cache().lookup(` ${url}`)!.entry.storedAt = Date.now() - cache().options.maxAgeMs - 1;
      const later = await crowd();
      expect(later.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(later.map((response) => response.text)).toEqual(Array(10).fill(first[0].text));
      expect(computations).toBe(2);
      expect(cache().lookup(` ${url}`)?.expired).toBe(false);

      // A write empties the cache: nobody gets the old answer, the next crowd computes it once more.
      await articles().update({
        documentId: article.documentId,
        data: { title: 'Une foule est arrivée' },
        status: 'published',
      });
      const afterWrite = await crowd();
      expect(afterWrite.map((response) => response.body.data.article.title)).toEqual(
        Array(10).fill('Une foule est arrivée'),
      );
      expect(computations).toBe(3);
    } finally {
      service.findPageBySlug = original;
    }
  });

  it('stops serving an article the moment it is unpublished, and serves it again once republished', async () => {
    const article = await createArticle(cms.strapi, { title: 'Bientôt retiré' });
    const urls = [`/api/articles/slug/${article.slug}`, `/api/pages/article/${article.slug}`];
    for (const url of urls) {
      await cms.http().get(url).expect(200);
      await cms.http().get(url).expect(200);
    }
    expect(JSON.stringify((await cms.http().get('/api/articles')).body)).toContain('Bientôt retiré');

    await articles().unpublish({ documentId: article.documentId });

    for (const url of urls) await cms.http().get(url).expect(404);
    expect(JSON.stringify((await cms.http().get('/api/articles')).body)).not.toContain('Bientôt retiré');

    await articles().publish({ documentId: article.documentId });
    for (const url of urls) await cms.http().get(url).expect(200);
  });

  it('never caches nor serves a draft, and serves it as soon as it is published', async () => {
    const draft = await createArticle(cms.strapi, { publish: false, title: 'Brouillon en cache' });
    for (const url of [
      `/api/articles/slug/${draft.slug}`,
      `/api/articles/slug/${draft.slug}?status=draft`,
      `/api/pages/article/${draft.slug}`,
      `/api/articles/${draft.documentId}?status=draft`,
    ]) {
      await cms.http().get(url).expect(404);
      await cms.http().get(url).expect(404);
    }
    const list = await cms.http().get('/api/articles?status=draft').expect(200);
    expect(JSON.stringify(list.body)).not.toContain('Brouillon en cache');

    await articles().publish({ documentId: draft.documentId });

    const published = await cms.http().get(`/api/articles/slug/${draft.slug}`).expect(200);
    expect(published.body.data.title).toBe('Brouillon en cache');
    await cms.http().get(`/api/pages/article/${draft.slug}`).expect(200);
  });

  it('shows an edit made in the admin as soon as it is published, and the published text until then', async () => {
    const article = await createArticle(cms.strapi, { title: 'Titre en ligne' });
    const url = `/api/articles/slug/${article.slug}`;
    await cms.http().get(url).expect(200);

    await editor()
      .put(`${ARTICLES_ADMIN}/${article.documentId}`, { title: 'Titre en préparation' })
      .expect(200);
    expect((await cms.http().get(url)).body.data.title).toBe('Titre en ligne');

    await editor().post(`${ARTICLES_ADMIN}/${article.documentId}/actions/publish`).expect(200);
    expect((await cms.http().get(url)).body.data.title).toBe('Titre en préparation');
    expect((await cms.http().get(`/api/pages/article/${article.slug}`)).body.data.article.title).toBe(
      'Titre en préparation',
    );
  });

  it('stops serving a deleted article at once', async () => {
    const article = await createArticle(cms.strapi);
    await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200);

    await articles().delete({ documentId: article.documentId });

    await cms.http().get(`/api/articles/slug/${article.slug}`).expect(404);
  });

  it('shows a renamed category and an edited author bio at once on the article page and the cards', async () => {
    const category = `Avant cache ${Date.now()}`;
    const article = await createArticle(cms.strapi, { category });
    const url = `/api/pages/article/${article.slug}`;
    expect((await cms.http().get(url).expect(200)).body.data.article.category.name).toBe(category);
    await cms.http().get('/api/articles').expect(200);

    const stored = await cms.strapi
      .documents('api::category.category')
      .findFirst({ filters: { name: { $eq: category } } });
    await cms.strapi
      .documents('api::category.category')
      .update({ documentId: stored!.documentId, data: { name: `${category} renommée` } });
    expect((await cms.http().get(url).expect(200)).body.data.article.category.name).toBe(
      `${category} renommée`,
    );
    const cards = (await cms.http().get('/api/articles').expect(200)).body.data as {
      slug: string;
      category: { name: string };
    }[];
    expect(cards.find((card) => card.slug === article.slug)?.category.name).toBe(`${category} renommée`);

    const author = (await cms.http().get(url).expect(200)).body.data.article.author as { documentId: string };
    await cms.strapi
      .documents('api::author.author')
      .update({ documentId: author.documentId, data: { bio: 'Une bio toute neuve.' } });
    expect((await cms.http().get(url).expect(200)).body.data.article.author.bio).toBe('Une bio toute neuve.');
  });

  it('shows a comment under its article as soon as an editor approves it in the admin', async () => {
    const article = await createArticle(cms.strapi);
    const comment = await createComment(cms.strapi, article.documentId, {
      status: 'pending',
      content: 'En attente de validation',
    });
    const page = `/api/pages/article/${article.slug}`;
    expect(contents((await cms.http().get(commentsOf(article.documentId))).body)).toEqual([]);
    expect((await cms.http().get(page)).body.data.comments.data).toEqual([]);

    await editor()
      .put(`${COMMENTS_ADMIN}/${comment.documentId}`, { moderationStatus: 'approved' })
      .expect(200);

    expect(contents((await cms.http().get(commentsOf(article.documentId))).body)).toEqual([
      'En attente de validation',
    ]);
    const pageAfter = (await cms.http().get(page)).body.data;
    expect(contents(pageAfter.comments)).toEqual(['En attente de validation']);
    expect(pageAfter.comments.meta.pagination.total).toBe(1);
    expect(pageAfter.article.commentCount).toBe(1);
  });

  it('caches the comment threads and shows a reply as soon as an editor approves it', async () => {
    const article = await createArticle(cms.strapi);
    const root = await createComment(cms.strapi, article.documentId, {
      status: 'approved',
      content: 'Racine',
    });
    const reply = await cms.strapi.documents('api::comment.comment').create({
      data: {
        article: article.documentId,
        authorName: 'Répondeuse',
        authorEmail: 'repondeuse@example.org',
        content: 'Réponse en attente',
        moderationStatus: 'pending',
        parentDocumentId: root.documentId,
        threadRootId: root.documentId,
        depth: 2,
      },
    });
    const threads = `/api/articles/${article.documentId}/comments?sort=newest&page=1&pageSize=5`;
    const first = await cms.http().get(threads).expect(200);
    const second = await cms.http().get(threads).expect(200);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(cache().get(` ${threads}`)).toBeDefined();
    expect(first.body.data[0].replies).toEqual([]);

    await editor().put(`${COMMENTS_ADMIN}/${reply.documentId}`, { moderationStatus: 'approved' }).expect(200);

    const after = await cms.http().get(threads).expect(200);
    expect(after.body.data[0].replies.map((item: { content: string }) => item.content)).toEqual([
      'Réponse en attente',
    ]);
    expect(after.body.meta.total).toBe(2);
  });

  it('shows comments closing as soon as the comment settings change', async () => {
    const old = await createArticle(cms.strapi);
    const urls = [`/api/articles/slug/${old.slug}`, `/api/pages/article/${old.slug}`];
    const open = async (url: string): Promise<boolean> => {
      const body = (await cms.http().get(url).expect(200)).body.data;
      return (body.article ?? body).commentsOpen as boolean;
    };
    for (const url of urls) expect(await open(url)).toBe(true);

    await setCommentSettings(cms.strapi, { autoCloseAfterDays: 0 });
    try {
      for (const url of urls) expect(await open(url)).toBe(false);
    } finally {
      await setCommentSettings(cms.strapi, { autoCloseAfterDays: null });
    }
    for (const url of urls) expect(await open(url)).toBe(true);
  });

  it('shows a group’s targeting, fullness and replacement as soon as they change', async () => {
    const article = await createArticle(cms.strapi, { category: 'Cache ciblé' });
    const url = `/api/community-groups?article=${article.slug}`;
    const names = async (): Promise<string[]> =>
      ((await cms.http().get(url).expect(200)).body.data as { name: string }[]).map((group) => group.name);
    const general = await names();
    expect(await names()).toEqual(general);

    const targeted = await createGroup(cms.strapi, { name: 'Ciblé cache', targetCategories: 'Cache ciblé' });
    expect(await names()).toEqual(['Ciblé cache']);

    const replacement = await createGroup(cms.strapi, { name: 'Relève cache', targetCategories: 'Autre' });
    const groups = cms.strapi.documents('api::community-group.community-group');
    await groups.update({
      documentId: targeted.documentId,
      data: { full: true, replacement: replacement.documentId },
    });
    expect(await names()).toEqual(['Relève cache']);
    expect((await cms.http().get(`/api/pages/article/${article.slug}`)).body.data.groups).toEqual(
      (await cms.http().get(url)).body.data,
    );

    await groups.update({
      documentId: targeted.documentId,
      data: { targetCategories: [await categoryNamed(cms.strapi, 'Ailleurs')] },
    });
    expect(await names()).toEqual(general);
  });

  it('never caches the counted join redirect, and a click leaves the cache alone', async () => {
    const article = await createArticle(cms.strapi);
    const group = await createGroup(cms.strapi, { name: 'Groupe cliqué' });
    await cms.http().get(`/api/pages/article/${article.slug}`).expect(200);
    await cms.http().get(`/api/community-groups?article=${article.slug}`).expect(200);
    const generation = cache().generation;
    const size = cache().size;

    const go = `/api/go/${group.documentId}?article=${article.documentId}`;
    for (let click = 0; click < 3; click += 1) {
      // A reader's browser: a click without a User-Agent is not counted.
      const response = await cms.http().get(go).set('User-Agent', READER_BROWSER).expect(302);
      expect(response.headers.location).toBe(group.inviteUrl);
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['cache-control']).toBe('no-store');
    }

    expect(cache().get(` ${go}`)).toBeUndefined();
    expect(cache().generation).toBe(generation);
    expect(cache().size).toBe(size);
    const clicks = await cms.strapi
      .service('api::group-click-stat.group-click-stat')
      .clicksFor(group.documentId, article.documentId);
    expect(clicks).toBe(3);
  });

  it('shows a trusted author’s new comment at once, and keeps the cache when a comment awaits moderation', async () => {
    const article = await createArticle(cms.strapi);
    const authorKey = 'cle-de-l-habituee-du-cache-01';
    await createComment(cms.strapi, article.documentId, {
      status: 'approved',
      authorEmail: SECRET_EMAIL,
      authorKey,
    });
    await cms.http().get(commentsOf(article.documentId)).expect(200);

    const generation = cache().generation;
    await cms
      .http()
      .post('/api/comments')
      .send({
        data: {
          article: article.documentId,
          authorName: 'Nouvelle',
          authorEmail: 'nouvelle@example.org',
          content: 'Je suis en attente.',
        },
      })
      .expect(201);
    expect(cache().generation).toBe(generation);

    const trusted = await cms
      .http()
      .post('/api/comments')
      .send({
        data: {
          article: article.documentId,
          authorName: 'Habituée',
          authorEmail: SECRET_EMAIL,
          authorKey,
          content: 'Publié tout de suite.',
        },
      })
      .expect(201);
    expect(trusted.body.data.status).toBe('approved');
    expect(contents((await cms.http().get(commentsOf(article.documentId))).body)).toContain(
      'Publié tout de suite.',
    );
  });

  it('never puts a comment author’s e-mail in a cached answer', async () => {
    const article = await createArticle(cms.strapi);
    await createComment(cms.strapi, article.documentId, { status: 'approved', authorEmail: SECRET_EMAIL });
    for (const url of [
      commentsOf(article.documentId),
      `${commentsOf(article.documentId)}&populate=*&fields[0]=authorEmail`,
      `/api/pages/article/${article.slug}`,
      `/api/articles/slug/${article.slug}`,
    ]) {
      const first = await cms.http().get(url);
      const second = await cms.http().get(url);
      expect(first.status).toBeLessThan(500);
      expect(first.text + second.text).not.toContain(SECRET_EMAIL);
    }
  });

  it('keeps the answers to different query strings apart', async () => {
    const one = await cms.http().get('/api/articles?pagination[pageSize]=1').expect(200);
    const two = await cms.http().get('/api/articles?pagination[pageSize]=2').expect(200);
    expect(one.body.data).toHaveLength(1);
    expect(two.body.data).toHaveLength(2);

    const first = await createArticle(cms.strapi);
    const second = await createArticle(cms.strapi);
    await createComment(cms.strapi, first.documentId, { status: 'approved', content: 'Sous le premier' });
    await createComment(cms.strapi, second.documentId, { status: 'approved', content: 'Sous le second' });
    expect(contents((await cms.http().get(commentsOf(first.documentId))).body)).toEqual(['Sous le premier']);
    expect(contents((await cms.http().get(commentsOf(second.documentId))).body)).toEqual(['Sous le second']);
  });

  it('hides a group as soon as it is deactivated', async () => {
    const group = await createGroup(cms.strapi, { name: 'Groupe éphémère', platform: 'telegram' });
    expect(JSON.stringify((await cms.http().get('/api/community-groups')).body)).toContain('Groupe éphémère');

    await cms.strapi
      .documents('api::community-group.community-group')
      .update({ documentId: group.documentId, data: { active: false } });

    expect(JSON.stringify((await cms.http().get('/api/community-groups')).body)).not.toContain(
      'Groupe éphémère',
    );
  });

  it('never stores a POST, an authenticated read or an admin route', async () => {
    cache().invalidateLocally();
    await cms.http().post('/api/comments').send({ data: {} }).expect(400);
    await cms.http().get('/api/articles').set('Authorization', 'Bearer nimportequoi').expect(401);
    await cms.http().get(ARTICLES_ADMIN).set('Authorization', `Bearer ${token}`).expect(200);
    await cms.http().get('/admin/users/me').set('Authorization', `Bearer ${token}`).expect(200);
    await cms.http().get('/api/upload/files').expect(403);
    expect(cache().size).toBe(0);

    const admin = await cms.http().get(ARTICLES_ADMIN).set('Authorization', `Bearer ${token}`);
    expect(admin.headers.etag).toBeUndefined();
  });

  it('answers each origin with its own CORS headers', async () => {
    const allowed = await cms.http().get('/api/community-groups').set('Origin', 'http://localhost:5173');
    const allowedAgain = await cms.http().get('/api/community-groups').set('Origin', 'http://localhost:5173');
    const other = await cms.http().get('/api/community-groups').set('Origin', 'https://ailleurs.example');

    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(allowedAgain.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(other.headers['access-control-allow-origin']).not.toBe('http://localhost:5173');
    expect(other.headers['access-control-allow-origin']).not.toBe('https://ailleurs.example');
  });

  it('forgets its answers within the sync interval when another instance changes content', async () => {
    await cms.http().get('/api/articles').expect(200);
    expect(cache().size).toBeGreaterThan(0);

    await anotherInstanceWrites('une-autre-instance');

    expect(cache().size).toBe(0);
  });
});

describe('what shared caches in front are told', () => {
  const contentVersion = async () =>
    (await cms.http().get('/_content-version').expect(200).expect('Cache-Control', 'no-store')).body
      .version as string;

  /** Waits for the purges under way (the repeat included) and answers what they sent. */
  async function purgedBy(write: () => Promise<unknown>): Promise<PurgeReceived[]> {
    await purgeHookOf(cms.strapi).settled();
    purges.length = 0;
    await write();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await purgeHookOf(cms.strapi).settled();
    return purges.splice(0);
  }

  it('gives the page server one content version, which moves on every change and only then', async () => {
    const article = await createArticle(cms.strapi, { title: 'Version suivie' });
    const before = await contentVersion();
    await cms.http().get(`/api/pages/article/${article.slug}`).expect(200);
    expect(await contentVersion()).toBe(before);

    await articles().unpublish({ documentId: article.documentId });
    const unpublished = await contentVersion();
    expect(unpublished).not.toBe(before);
    await articles().publish({ documentId: article.documentId });
    expect(await contentVersion()).not.toBe(unpublished);

    // Another instance's change: the same token here within the sync interval, not a count of its own.
    await anotherInstanceWrites('jeton-partage');
    expect(await contentVersion()).toBe('jeton-partage');
  });

  it('names what a public answer shows, keeps errors and writes out of every cache', async () => {
    const article = await createArticle(cms.strapi, { title: 'Étiquetée', category: 'Emploi' });
    const page = await cms.http().get(`/api/pages/article/${article.slug}`).expect(200);
    const category = page.body.data.article.category.slug as string;
    expect(page.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL);
    expect(page.headers['surrogate-key']).toBe(`article:${article.slug} category:${category} site`);
    expect(page.headers['cache-tag']).toBe(`article:${article.slug},category:${category},site`);
    // From memory the second time, with the same headers.
    const again = await cms.http().get(`/api/pages/article/${article.slug}`).expect(200);
    expect(again.headers['surrogate-key']).toBe(page.headers['surrogate-key']);
    expect((await cms.http().get('/api/articles').expect(200)).headers['surrogate-key']).toBe('home site');

    const missing = await cms.http().get('/api/pages/article/nulle-part').expect(404);
    expect(missing.headers['cache-control']).toBe(PRIVATE_CACHE_CONTROL);
    expect(missing.headers['surrogate-key']).toBeUndefined();
    const refused = await cms.http().post('/api/comments').send({ data: {} }).expect(400);
    expect(refused.headers['cache-control']).toBe(PRIVATE_CACHE_CONTROL);
    const invalid = await cms.http().get('/api/articles?filters[nope][$eq]=1');
    expect(invalid.status).toBe(400);
    expect(invalid.headers['cache-control']).toBe(PRIVATE_CACHE_CONTROL);
  });

  it('purges an article’s pages, its category and home on publish, edit, unpublish and delete, twice', async () => {
    const article = await createArticle(cms.strapi, { title: 'Purgée', category: 'Emploi', publish: false });
    const slug = String(article.slug);
    const expected = () =>
      expect.objectContaining({
        method: 'POST',
        url: '/purge',
        body: {
          tags: expect.arrayContaining([`article:${slug}`, 'home', expect.stringMatching(/^category:/)]),
          paths: expect.arrayContaining([`/articles/${slug}`, '/', expect.stringMatching(/^\/categorie\//)]),
        },
      });

    const published = await purgedBy(() => articles().publish({ documentId: article.documentId }));
    // Once at once, once again after PURGE_HOOK_REPEAT_MS.
    expect(published).toEqual([expected(), expected()]);

    const edited = await purgedBy(async () => {
      await articles().update({ documentId: article.documentId, data: { title: 'Purgée, corrigée' } });
      await articles().publish({ documentId: article.documentId });
    });
    expect(edited.length).toBeGreaterThanOrEqual(2);
    expect(edited).toContainEqual(expected());

    expect(await purgedBy(() => articles().unpublish({ documentId: article.documentId }))).toEqual([
      expected(),
      expected(),
    ]);
    await articles().publish({ documentId: article.documentId });
    expect(await purgedBy(() => articles().delete({ documentId: article.documentId }))).toContainEqual(
      expected(),
    );
  });

  it('purges the article’s page when an editor approves a comment, and not for a pending one', async () => {
    const article = await createArticle(cms.strapi);
    const pending = await purgedBy(() =>
      cms
        .http()
        .post('/api/comments')
        .send({
          data: {
            article: article.documentId,
            authorName: 'Awa',
            authorEmail: 'awa.purge@example.org',
            content: 'Merci pour ces conseils, très utiles.',
          },
        })
        .expect(201),
    );
    expect(pending).toEqual([]);
    const comment = await createComment(cms.strapi, article.documentId, {
      status: 'pending',
      content: 'À valider',
    });
    const approved = await purgedBy(() =>
      editor().put(`${COMMENTS_ADMIN}/${comment.documentId}`, { moderationStatus: 'approved' }).expect(200),
    );
    expect(approved.length).toBeGreaterThanOrEqual(1);
    expect(approved[0].body.tags).toContain(`article:${article.slug}`);
    expect(approved[0].body.paths).toContain(`/articles/${article.slug}`);
  });

  it('never keeps the editor waiting for the purge, and retries a cache that fails', async () => {
    const article = await createArticle(cms.strapi, { publish: false });
    const retriedBefore = purgeHookOf(cms.strapi).counts.retried;
    purgeDelayMs = 1500;
    purgeFailures = 1;
    try {
      const started = Date.now();
      await editor().post(`${ARTICLES_ADMIN}/${article.documentId}/actions/publish`).send({}).expect(200);
      expect(Date.now() - started).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await purgeHookOf(cms.strapi).settled();
    } finally {
      purgeDelayMs = 0;
      purgeFailures = 0;
    }
    expect(purgeHookOf(cms.strapi).counts.retried - retriedBefore).toBe(1);
    expect(purges.some((purge) => purge.body.tags.includes(`article:${article.slug}`))).toBe(true);
  });
});
