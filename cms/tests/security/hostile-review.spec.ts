import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePublicPermissions } from '../../src/bootstrap/permissions';
import { ResponseCache, responseCacheOf, type CachedResponse } from '../../src/cache/response-cache';
import { postComment } from '../helpers/comments';
import { createArticle, createComment, setCommentSettings } from '../helpers/content';
import { adminToken, startCms, type RunningCms } from '../helpers/strapi';

// The findings of the hostile review of aca447e, one `describe` each, as production runs the CMS:
// behind one trusted proxy (TRUST_PROXY=true), trusted-authors moderation, 5 comments a minute.

let cms: RunningCms;
let token: string;
let article: { documentId: string; slug?: string | null };
let draft: { documentId: string };

const VICTIM = {
  authorEmail: 'victime.reguliere@example.org',
  authorKey: 'b2f0c7a4-5e1d-4c3b-9a8f-7d6e5c4b3a21',
  content: 'Un avis publié par une lectrice habituée.',
};
const RATE_LIMIT = 5;
let addressCounter = 0;

/** A reader's own address, as the shipped nginx forwards it (one hop, the address it saw). */
function freshAddress(): string {
  addressCounter += 1;
  return `192.0.2.${addressCounter}`;
}

function postAs(address: string, fields: Record<string, unknown> = {}) {
  return postComment(cms, article.documentId, { 'X-Forwarded-For': address }, fields);
}

beforeAll(async () => {
  cms = await startCms({ TRUST_PROXY: 'true' });
  token = await adminToken(cms);
  await setCommentSettings(cms.strapi, { moderationMode: 'trusted-authors', rateLimitPerMinute: RATE_LIMIT });
  article = await createArticle(cms.strapi, { title: 'Réussir son entretien' });
  draft = await createArticle(cms.strapi, { title: 'Licenciements prévus en janvier', publish: false });
  await createComment(cms.strapi, article.documentId, { status: 'approved', ...VICTIM });
  // A comment linked to an article that was never published (an editor's test, an import).
  await createComment(cms.strapi, draft.documentId, { status: 'approved', content: 'Sous embargo' });
});

afterAll(async () => {
  await cms?.stop();
});

describe('finding 1: no request header can poison the response cache', () => {
  // Every header Strapi 5.54's REST path reads that is not part of the cache key, and others a
  // future version or a plugin might read.
  const HOSTILE_HEADERS: Record<string, string>[] = [
    { 'strapi-response-format': 'v4' },
    { 'strapi-encode-source-maps': 'true' },
    { Authorization: 'Basic ZWRpdHJpY2U6bW90LWRlLXBhc3Nl' },
    { Cookie: 'koa.sess=forged' },
    { 'X-Forwarded-Host': 'evil.example' },
    { 'Accept-Language': 'en' },
    { 'strapi-locale': 'en' },
  ];
  const urls = () => [
    '/api/articles?pagination[page]=1&pagination[pageSize]=9',
    `/api/pages/article/${article.slug}`,
    `/api/articles/slug/${article.slug}`,
    `/api/articles/${article.documentId}/comments`,
    '/api/community-groups',
    '/api/categories',
  ];

  it.each(HOSTILE_HEADERS)(
    'answers %j with the bytes every reader gets, and stores nothing else',
    async (header) => {
      for (const url of urls()) {
        responseCacheOf(cms.strapi).invalidateLocally();
        const hostile = await cms.http().get(url).set(header).expect(200);
        const next = await cms.http().get(url).expect(200);
        responseCacheOf(cms.strapi).invalidateLocally();
        const fresh = await cms.http().get(url).expect(200);
        expect(hostile.text, `${url} with ${JSON.stringify(header)}`).toBe(fresh.text);
        expect(next.text, `${url} after ${JSON.stringify(header)}`).toBe(fresh.text);
      }
    },
  );

  it('answers a request whose Authorization names nobody from the cache, like any anonymous read', async () => {
    const url = '/api/articles?pagination[pageSize]=4';
    responseCacheOf(cms.strapi).invalidateLocally();
    await cms.http().get(url).set('Authorization', 'Basic Zm9vOmJhcg==').expect(200);
    expect(responseCacheOf(cms.strapi).get(` ${url}`)).toBeDefined();
  });

  it('still refuses a bearer token it cannot verify, and never caches its answer', async () => {
    await cms.http().get('/api/articles').set('Authorization', 'Bearer pas-un-jeton').expect(401);
  });
});

describe('finding 2: the client address is the one the trusted proxy saw', () => {
  it('limits a client who forges a new X-Forwarded-For entry on every post', async () => {
    const real = freshAddress();
    const statuses: number[] = [];
    for (let n = 1; n <= 30; n += 1) {
      // The shipped nginx appends (older config) or sets the address it saw: the last entry.
      statuses.push((await postAs(`198.51.100.${n}, ${real}`)).status);
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(RATE_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - RATE_LIMIT);
  });

  it('does not limit a victim whose address an attacker forges', async () => {
    const victim = freshAddress();
    const attacker = freshAddress();
    for (let n = 0; n < RATE_LIMIT + 3; n += 1) await postAs(`${victim}, ${attacker}`);
    await postAs(victim).expect(201);
  });

  it('counts every address of one IPv6 /64 as one client', async () => {
    const statuses: number[] = [];
    for (let n = 1; n <= RATE_LIMIT + 1; n += 1) statuses.push((await postAs(`2001:db8:77:1::${n}`)).status);
    expect(statuses).toEqual([...Array(RATE_LIMIT).fill(201), 429]);
    await postAs('2001:db8:77:2::1').expect(201);
  });

  it('keeps the admin login limit on the real client when the forwarded chain is forged', async () => {
    const real = freshAddress();
    const statuses: number[] = [];
    for (let n = 1; n <= 7; n += 1) {
      const response = await cms
        .http()
        .post('/admin/login')
        .set('X-Forwarded-For', `198.51.100.${n}, ${real}`)
        .send({ email: 'cible@kiosque.test', password: `essai-${n}` });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

describe('finding 3: the duplicate check reveals nothing about an e-mail', () => {
  it('answers a visible comment’s text the same whether the guessed e-mail is the author’s or not', async () => {
    const withReal = await postAs(freshAddress(), {
      content: VICTIM.content,
      authorEmail: VICTIM.authorEmail,
    });
    const withWrong = await postAs(freshAddress(), {
      content: VICTIM.content,
      authorEmail: 'mauvaise.piste@example.org',
    });
    expect(withReal.status).toBe(withWrong.status);
    expect({ ...withReal.body.data, documentId: 'x' }).toEqual({ ...withWrong.body.data, documentId: 'x' });
  });

  it('still refuses a client sending the same text twice, whatever e-mail each time', async () => {
    const address = freshAddress();
    const content = `Deux fois le même texte ${randomUUID()}`;
    await postAs(address, { content, authorEmail: 'une@example.org' }).expect(201);
    const again = await postAs(address, { content, authorEmail: 'autre@example.org' }).expect(400);
    expect(again.body.error.message).toBe('Vous avez déjà envoyé ce commentaire.');
  });
});

describe('finding 4: a known commenter cannot be impersonated', () => {
  it('holds a comment carrying an approved commenter’s e-mail without their key', async () => {
    const bare = await postAs(freshAddress(), { authorEmail: VICTIM.authorEmail, authorName: 'Usurpateur' });
    expect(bare.body.data.status).toBe('pending');
    const guessed = await postAs(freshAddress(), {
      authorEmail: VICTIM.authorEmail,
      authorKey: randomUUID(),
    });
    expect(guessed.body.data.status).toBe('pending');
  });

  it('publishes at once the commenter who sends both their e-mail and their key', async () => {
    const known = await postAs(freshAddress(), {
      authorEmail: VICTIM.authorEmail,
      authorKey: VICTIM.authorKey,
    });
    expect(known.status).toBe(201);
    expect(known.body.data.status).toBe('approved');
    const otherEmail = await postAs(freshAddress(), {
      authorEmail: 'autre.adresse@example.org',
      authorKey: VICTIM.authorKey,
    });
    expect(otherEmail.body.data.status).toBe('pending');
  });

  it('refuses a malformed key with a 400 the form can show', async () => {
    const response = await postAs(freshAddress(), { authorKey: 'trop-court' }).expect(400);
    expect(response.body.error.details.errors[0].path).toEqual(['authorKey']);
  });
});

describe('finding 5: unpublished drafts cannot be read through the comment list', () => {
  const list = (query: string) => cms.http().get(`/api/comments?${query}`);

  it('answers a draft title guess the same whether it is right or wrong', async () => {
    const probe = (prefix: string) =>
      list(
        `filters[article][documentId][$eq]=${draft.documentId}&filters[article][publishedAt][$null]=true&filters[article][title][$startsWith]=${encodeURIComponent(prefix)}`,
      );
    const right = await probe('Lic');
    const wrong = await probe('Xyz');
    expect(right.status).toBe(400);
    expect(right.text).toBe(wrong.text);
    expect(right.text).not.toContain('Licenciements');
  });

  it('never lists the comments of an unpublished article', async () => {
    const response = await list(`filters[article][documentId][$eq]=${draft.documentId}`).expect(200);
    expect(response.body.data).toEqual([]);
    const all = await list('pagination[pageSize]=100').expect(200);
    expect(JSON.stringify(all.body)).not.toContain('Sous embargo');
  });

  it.each([
    'filters[authorEmail][$eq]=victime.reguliere@example.org',
    'filters[moderationStatus][$eq]=pending',
    'filters[article][title][$eq]=x',
    'filters[$or][0][article][documentId][$eq]=x',
    'filters[article][documentId][$ne]=x',
    'sort=authorEmail:asc',
    'sort[0]=createdAt:asc',
    'populate=article',
    'populate[article][fields][0]=title',
    'fields[0]=authorEmail',
    'status=draft',
    'pagination[limit]=5',
    'pagination[page]=-1',
    'locale=en',
  ])('refuses %s with the one message of the public list', async (query) => {
    const response = await list(query).expect(400);
    expect(response.body.error.message).toMatch(/^La liste publique des commentaires accepte seulement/);
  });

  it('still lists an article’s approved comments with the documented parameters', async () => {
    const response = await list(
      `filters[article][documentId][$eq]=${article.documentId}&pagination[page]=1&pagination[pageSize]=50&sort=createdAt:desc`,
    ).expect(200);
    expect(response.body.data.map((comment: { content: string }) => comment.content)).toContain(
      VICTIM.content,
    );
  });
});

describe('finding 6: nobody can create an account', () => {
  it.each([
    ['POST', '/api/auth/local/register'],
    ['POST', '/api/auth/local'],
    ['POST', '/api/auth/forgot-password'],
    ['POST', '/api/auth/reset-password'],
    ['GET', '/api/connect/github'],
    ['GET', '/api/users/me'],
  ])('refuses %s %s to an anonymous visitor', async (method, url) => {
    const request = method === 'POST' ? cms.http().post(url) : cms.http().get(url);
    const response = await request.send({
      username: 'intrus',
      email: 'intrus@example.org',
      password: 'MotDePasse-2026',
      identifier: 'intrus@example.org',
    });
    expect([401, 403]).toContain(response.status);
    expect(response.body.jwt).toBeUndefined();
  });

  it('has created no reader account', async () => {
    expect(await cms.strapi.db.query('plugin::users-permissions.user').count({})).toBe(0);
  });

  it('takes the sign-up action back from a public role that an older database granted it to', async () => {
    const publicRole = await cms.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } });
    await cms.strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action: 'plugin::users-permissions.auth.register', role: publicRole.id } });
    await ensurePublicPermissions(cms.strapi);
    const left = await cms.strapi.db.query('plugin::users-permissions.permission').count({
      where: { role: publicRole.id, action: { $startsWith: 'plugin::users-permissions.' } },
    });
    expect(left).toBe(0);
    const advanced = (await cms.strapi.store({ type: 'plugin', name: 'users-permissions' }).get({
      key: 'advanced',
    })) as { allow_register?: boolean };
    expect(advanced.allow_register).toBe(false);
  });
});

describe('finding 7: nothing uploaded can run as a page of the site', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const uploadsDir = () => path.join(cms.strapi.dirs.static.public, 'uploads');

  it.each([
    ['page.html', Buffer.from('<!doctype html><script>alert(document.domain)</script>'), 'text/html'],
    [
      'dessin.svg',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'image/svg+xml',
    ],
    ['script.js', Buffer.from('alert(document.cookie)'), 'text/javascript'],
  ])('refuses to store %s', async (name, content, type) => {
    const response = await cms
      .http()
      .post('/upload')
      .set('Authorization', `Bearer ${token}`)
      .attach('files', content, { filename: name, contentType: type });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const stored = await cms.strapi.db.query('plugin::upload.file').count({ where: { name } });
    expect(stored).toBe(0);
  });

  it('stores an image', async () => {
    await cms
      .http()
      .post('/upload')
      .set('Authorization', `Bearer ${token}`)
      .attach('files', PNG, { filename: 'point.png', contentType: 'image/png' })
      .expect(201);
  });

  it('serves a file left in the uploads folder as a sandboxed download, and an image inline', async () => {
    mkdirSync(uploadsDir(), { recursive: true });
    const page = path.join(uploadsDir(), 'ancienne-page.html');
    const image = path.join(uploadsDir(), 'ancienne-image.png');
    writeFileSync(page, '<!doctype html><script>alert(1)</script>');
    writeFileSync(image, PNG);
    try {
      const html = await cms.http().get('/uploads/ancienne-page.html').expect(200);
      expect(html.headers['x-content-type-options']).toBe('nosniff');
      expect(html.headers['content-security-policy']).toContain('sandbox');
      expect(html.headers['content-security-policy']).toContain("default-src 'none'");
      expect(html.headers['content-disposition']).toBe('attachment');
      const png = await cms.http().get('/uploads/ancienne-image.png').expect(200);
      expect(png.headers['x-content-type-options']).toBe('nosniff');
      expect(png.headers['content-security-policy']).toContain('sandbox');
      expect(png.headers['content-disposition']).toBeUndefined();
    } finally {
      rmSync(page, { force: true });
      rmSync(image, { force: true });
    }
  });
});

describe('found by reading: the response cache keeps what readers read', () => {
  const entry = (body: string): CachedResponse => ({
    status: 200,
    body: Buffer.from(body),
    etag: '"e"',
    headers: {},
  });

  /** A response cache of its own, bounded in entries and bytes, never synced nor expired by age. */
  const cacheOf = (maxEntries: number, maxBytes: number) =>
    new ResponseCache(cms.strapi, { maxEntries, maxBytes, syncIntervalMs: 0, maxAgeMs: 0 });

  it('evicts the entry read longest ago, not the one stored first', () => {
    const cache = cacheOf(3, 1_000_000);
    cache.set('hot', entry('article lu par tous'), cache.generation);
    cache.set('a', entry('a'), cache.generation);
    cache.set('b', entry('b'), cache.generation);
    expect(cache.get('hot')).toBeDefined();
    cache.set('random-1', entry('r'), cache.generation);
    cache.set('random-2', entry('r'), cache.generation);
    expect(cache.get('hot')).toBeDefined();
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
  });

  it('counts the bytes of the address an answer is kept under', () => {
    const cache = cacheOf(1000, 16_000);
    cache.set('hot', entry('x'), cache.generation);
    for (let n = 0; n < 30; n += 1)
      cache.set(`/api/articles?${n}=${'a'.repeat(900)}`, entry('{}'), cache.generation);
    expect(cache.byteSize).toBeLessThanOrEqual(16_000);
    expect(cache.size).toBeLessThan(20);
  });
});
