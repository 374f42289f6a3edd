import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDay, dashboardCsv, type GrowthDashboard } from '@kiosque/shared';
import type { ReaderCounters } from '../src/counting/reader-counters';
import type { CountRow } from '../src/db/reader-counts';
import { createArticle, createGroup } from './helpers/content';
import { startServedCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;
let baseUrl: string;
let token: string;

const COUNT_UID = 'api::reader-count.reader-count';
const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

/** A distinct address for each index. */
const address = (index: number) =>
  `10.${Math.floor(index / 65_536) % 256}.${Math.floor(index / 256) % 256}.${index % 256}`;

/** The running app's counters (the compiled module's, not a copy loaded from src/). */
const counters = (): ReaderCounters => cms.strapi.service(COUNT_UID).counters();

let nextAddress = 0;
const freshAddress = () => address((nextAddress += 1));

function request(
  path: string,
  options: { method?: string; body?: string; headers?: Record<string, string>; from?: string } = {},
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    redirect: 'manual',
    body: options.body,
    headers: { 'User-Agent': BROWSER, 'X-Forwarded-For': options.from ?? freshAddress(), ...options.headers },
  });
}

/** A beacon as navigator.sendBeacon sends a string: text/plain. */
function beacon(body: unknown, options: { headers?: Record<string, string>; from?: string } = {}) {
  return request('/api/beacon', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...options.headers },
    from: options.from,
  });
}

/** The stored daily rows matching `where`, after writing what is pending. */
async function storedRows(where: Record<string, unknown>) {
  await counters().flush();
  return cms.strapi.db.query(COUNT_UID).findMany({ where }) as Promise<CountRow[]>;
}

async function stored(where: Record<string, unknown>): Promise<number> {
  return (await storedRows(where)).reduce((sum, row) => sum + row.count, 0);
}

async function dashboard(days: 7 | 30 = 7): Promise<GrowthDashboard> {
  const response = await fetch(`${baseUrl}/admin/kiosque-growth/dashboard?days=${days}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: GrowthDashboard }).data;
}

beforeAll(async () => {
  // A long flush interval: the tests flush when they read, so nothing is written behind their back.
  ({ cms, baseUrl, token } = await startServedCms({ TRUST_PROXY: 'true', COUNT_FLUSH_MS: '600000' }));
});

afterAll(async () => {
  await cms?.stop();
});

describe('counting under load', () => {
  it('counts 1,000 parallel join clicks and 1,000 parallel views as exactly 1,000 each, in one row per bucket', async () => {
    const article = await createArticle(cms.strapi);
    const group = await createGroup(cms.strapi);
    const responses = await Promise.all([
      ...Array.from({ length: 1000 }, () =>
        request(`/api/go/${group.documentId}?article=${article.documentId}`),
      ),
      ...Array.from({ length: 1000 }, () =>
        beacon({ article: article.documentId, events: [{ kind: 'view' }] }),
      ),
    ]);
    expect(responses.filter((response) => response.status === 302)).toHaveLength(1000);
    expect(responses.filter((response) => response.status === 204)).toHaveLength(1000);

    const clicks = await storedRows({ groupDocumentId: group.documentId, kind: 'click' });
    expect(clicks).toEqual([
      expect.objectContaining({ day: countDay(new Date()), variant: 'a', count: 1000 }),
    ]);
    expect(await stored({ articleDocumentId: article.documentId, kind: 'view' })).toBe(1000);
    // The editors' lifetime table follows at the same flush.
    const lifetime = await cms.strapi
      .service('api::group-click-stat.group-click-stat')
      .clicksFor(group.documentId, article.documentId);
    expect(lifetime).toBe(1000);
    const joins = await counters().joinsPerGroupSince(new Date());
    expect(joins.get(group.documentId)).toBe(1000);
  }, 180_000);

  it('includes this instance’s counts not yet written in the joins since a date, and writes them on a graceful stop', async () => {
    const group = await createGroup(cms.strapi);
    await request(`/api/go/${group.documentId}`);
    await request(`/api/go/${group.documentId}?source=qr`);
    expect((await counters().joinsPerGroupSince(new Date())).get(group.documentId)).toBe(2);
    expect(
      (await counters().joinsPerGroupSince(new Date(Date.now() + 86_400_000))).get(group.documentId),
    ).toBe(undefined);
    // What destroy() calls on SIGTERM: the timer stops and what is pending is written.
    await counters().stop();
    const rows = await cms.strapi.db
      .query(COUNT_UID)
      .findMany({ where: { groupDocumentId: group.documentId } });
    expect(rows.map((row) => [row.kind, row.count]).sort()).toEqual([
      ['click', 1],
      ['qr', 1],
    ]);
    counters().start();
  });
});

describe('what is not counted', () => {
  it('counts no crawler, link preview, prefetch or HEAD, for clicks and beacons alike', async () => {
    const article = await createArticle(cms.strapi);
    const group = await createGroup(cms.strapi);
    const go = `/api/go/${group.documentId}?article=${article.documentId}`;
    const view = { article: article.documentId, events: [{ kind: 'view' }] };
    const notReaders: Array<Record<string, string>> = [
      { 'User-Agent': 'WhatsApp/2.23.20.0 A' },
      { 'User-Agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' },
      { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
      { 'User-Agent': 'TelegramBot (like TwitterBot)' },
      { 'User-Agent': '' },
      { 'Sec-Purpose': 'prefetch' },
      { 'Sec-Purpose': 'prefetch;prerender' },
    ];
    for (const headers of notReaders) {
      expect((await request(go, { headers })).status).toBe(302);
      expect((await beacon(view, { headers })).status).toBe(204);
    }
    expect((await request(go, { method: 'HEAD' })).status).toBe(302);
    expect(await stored({ articleDocumentId: article.documentId })).toBe(0);
  });
});

describe('the beacon refuses what is not a reader’s page', () => {
  it('answers 400, 404 or 413 in French and writes no row', async () => {
    const article = await createArticle(cms.strapi);
    const draft = await createArticle(cms.strapi, { publish: false });
    const cases: Array<[string, number]> = [
      ['pas du json', 400],
      ['{"article":', 400],
      [JSON.stringify({ article: article.documentId, events: [{ kind: 'click' }] }), 400],
      [JSON.stringify({ article: article.documentId, events: [{ kind: 'view' }, { kind: 'view' }] }), 400],
      [JSON.stringify({ article: "'; DROP TABLE reader_counts; --", events: [{ kind: 'view' }] }), 400],
      [JSON.stringify({ article: 'inconnu123', events: [{ kind: 'view' }] }), 404],
      [JSON.stringify({ article: draft.documentId, events: [{ kind: 'view' }] }), 404],
      [
        JSON.stringify({ article: article.documentId, events: [{ kind: 'view' }], pad: 'x'.repeat(3000) }),
        413,
      ],
    ];
    for (const [body, status] of cases) {
      const response = await beacon(body);
      expect(response.status, body.slice(0, 60)).toBe(status);
      const error = ((await response.json()) as { error: { message: string } }).error;
      expect(error.message).toMatch(/[a-zé]/);
    }
    expect(
      await stored({ articleDocumentId: { $in: [article.documentId, draft.documentId, 'inconnu123'] } }),
    ).toBe(0);
  });

  it('ignores impressions of unknown groups and of a variant B the group does not carry', async () => {
    const article = await createArticle(cms.strapi);
    const plain = await createGroup(cms.strapi);
    const inactive = await createGroup(cms.strapi, { active: false });
    const response = await beacon({
      article: article.documentId,
      events: [
        { kind: 'impression', group: plain.documentId, variant: 'a' },
        { kind: 'impression', group: plain.documentId, variant: 'b' },
        { kind: 'impression', group: inactive.documentId, variant: 'a' },
        { kind: 'impression', group: 'groupeinconnu', variant: 'a' },
        { kind: 'share', network: 'telegram' },
      ],
    });
    expect(response.status).toBe(204);
    const rows = await storedRows({ articleDocumentId: article.documentId });
    expect(rows.map((row) => [row.kind, row.variant, row.network, row.count]).sort()).toEqual([
      ['impression', 'a', '', 1],
      ['share', '', 'telegram', 1],
    ]);
  });

  it('keeps no memory for a flood of made-up articles, and limits one address', async () => {
    const before = await cms.strapi.db.query(COUNT_UID).count();
    const from = freshAddress();
    const statuses = [];
    for (let index = 0; index < 40; index += 1) {
      statuses.push(
        (await beacon({ article: `invente${index}`, events: [{ kind: 'view' }] }, { from })).status,
      );
    }
    expect(statuses.slice(0, 30).every((status) => status === 404)).toBe(true);
    expect(statuses.slice(30).every((status) => status === 429)).toBe(true);
    await counters().flush();
    expect(await cms.strapi.db.query(COUNT_UID).count()).toBe(before);
  });
});

describe('the beacon’s own path, before the rest of the chain', () => {
  it('counts a JSON beacon as a text one, answers 204 without a cookie and never from a cache', async () => {
    const article = await createArticle(cms.strapi);
    const events = [{ kind: 'view' }];
    const asJson = await beacon(
      { article: article.documentId, events },
      {
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const asText = await beacon({ article: article.documentId, events });
    for (const response of [asJson, asText]) {
      expect(response.status).toBe(204);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('set-cookie')).toBe(null);
    }
    expect(await stored({ articleDocumentId: article.documentId, kind: 'view' })).toBe(2);
  });

  it('refuses a body sent without its length once it passes 2 KB, and a compressed one, in French', async () => {
    const article = await createArticle(cms.strapi);
    const long = JSON.stringify({
      article: article.documentId,
      events: [{ kind: 'view' }],
      pad: 'x'.repeat(5000),
    });
    // Chunked, in pieces: no Content-Length says in advance that it is too long.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = httpRequest(
        `${baseUrl}/api/beacon`,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'text/plain;charset=UTF-8',
            'User-Agent': BROWSER,
            'X-Forwarded-For': freshAddress(),
          },
        },
        (answer) => {
          let body = '';
          answer.setEncoding('utf8');
          answer.on('data', (chunk: string) => (body += chunk));
          answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
        },
      );
      outgoing.on('error', reject);
      for (let start = 0; start < long.length; start += 500) outgoing.write(long.slice(start, start + 500));
      outgoing.end();
    });
    expect(chunked.status).toBe(413);
    expect((JSON.parse(chunked.body) as { error: { message: string } }).error.message).toBe(
      'La balise est trop longue.',
    );
    const compressed = await request('/api/beacon', {
      method: 'POST',
      body: 'x',
      headers: { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' },
    });
    expect(compressed.status).toBe(415);
    expect(((await compressed.json()) as { error: { message: string } }).error.message).toMatch(
      /sans compression/,
    );
    expect(await stored({ articleDocumentId: article.documentId })).toBe(0);
  });

  it('leaves every other method to the router: a GET is no beacon', async () => {
    const response = await request('/api/beacon');
    expect(response.status).toBe(404);
  });
});

describe('copy tests', () => {
  it('counts impressions and clicks per variant, QR scans apart, and reads them out on the dashboard', async () => {
    const article = await createArticle(cms.strapi);
    const group = await createGroup(cms.strapi, {
      name: 'Emploi (test de texte)',
      variantB: { headline: 'Les offres avant tout le monde', buttonLabel: 'Je veux les offres' },
    });
    const groups = (await (await request(`/api/community-groups?article=${article.documentId}`)).json()) as {
      data: Array<{ documentId: string; variantB?: { headline: string } }>;
    };
    expect(groups.data.find((shown) => shown.documentId === group.documentId)?.variantB?.headline).toBe(
      'Les offres avant tout le monde',
    );

    // 200 views of each variant; A brings 20 clicks, B 50 (plus 3 QR scans of B).
    const impression = (variant: string) => ({
      article: article.documentId,
      events: [{ kind: 'view' }, { kind: 'impression', group: group.documentId, variant }],
    });
    await Promise.all([
      ...Array.from({ length: 200 }, () => beacon(impression('a'))),
      ...Array.from({ length: 200 }, () => beacon(impression('b'))),
    ]);
    const go = `/api/go/${group.documentId}?article=${article.documentId}`;
    await Promise.all([
      ...Array.from({ length: 20 }, () => request(`${go}&v=a`)),
      ...Array.from({ length: 50 }, () => request(`${go}&v=b`)),
      ...Array.from({ length: 3 }, () => request(`${go}&v=b&source=qr`)),
    ]);

    const shown = await dashboard(7);
    const variant = shown.variants.find((row) => row.groupDocumentId === group.documentId);
    expect(variant?.a).toMatchObject({ impressions: 200, clicks: 20 });
    expect(variant?.b).toMatchObject({
      impressions: 200,
      clicks: 53,
      headline: 'Les offres avant tout le monde',
    });
    expect(variant?.readout.verdict).toBe('b-better');
    expect(variant?.readout.message).toMatch(/^B fait mieux que A, avec 99 % de confiance/);

    const articleRow = shown.articles.find((row) => row.documentId === article.documentId);
    expect(articleRow).toMatchObject({ views: 400, impressions: 400, joins: 73 });
    expect(articleRow?.conversionRate).toBeCloseTo(73 / 400, 10);
    expect(shown.articleGroups).toContainEqual(
      expect.objectContaining({
        articleDocumentId: article.documentId,
        groupName: 'Emploi (test de texte)',
        joins: 73,
      }),
    );
    const groupRow = shown.groups.find((row) => row.documentId === group.documentId);
    expect(groupRow).toMatchObject({ joins7: 73, joins30: 73, qr30: 3 });
    expect(groupRow?.daily.at(-1)).toBe(73);
  });
});

describe('the dashboard', () => {
  it('shows exactly the stored counters, for every article and group', async () => {
    const shown = await dashboard(30);
    const rows = (await storedRows({})) as Array<{
      kind: string;
      articleDocumentId: string;
      groupDocumentId: string;
      count: number;
    }>;
    const sum = (keep: (row: (typeof rows)[number]) => boolean) =>
      rows.filter(keep).reduce((total, row) => total + row.count, 0);
    expect(shown.articles.length).toBeGreaterThan(3);
    for (const article of shown.articles) {
      const of = (kind: string) => (row: (typeof rows)[number]) =>
        row.articleDocumentId === article.documentId && row.kind === kind;
      expect(article.views).toBe(sum(of('view')));
      expect(article.impressions).toBe(sum(of('impression')));
      expect(article.joins).toBe(sum(of('click')) + sum(of('qr')));
      expect(article.sharesTotal).toBe(sum(of('share')));
    }
    for (const group of shown.groups) {
      const joins = sum(
        (row) => row.groupDocumentId === group.documentId && ['click', 'qr'].includes(row.kind),
      );
      expect(group.joins30, group.name).toBe(joins);
    }
    expect(shown.articles.map((row) => row.joins)).toEqual(
      [...shown.articles.map((row) => row.joins)].sort((x, y) => y - x),
    );
  });

  it('exports the same figures as CSV', async () => {
    const response = await fetch(`${baseUrl}/admin/kiosque-growth/dashboard?days=7&format=csv`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await response.text();
    expect(text.replace(/^\uFEFF/, '')).toBe(dashboardCsv(await dashboard(7)));
  });

  it('is only for signed-in editors, and refuses a period it does not know', async () => {
    expect((await fetch(`${baseUrl}/admin/kiosque-growth/dashboard`)).status).toBe(401);
    const forged = await fetch(`${baseUrl}/admin/kiosque-growth/dashboard`, {
      headers: { Authorization: 'Bearer faux' },
    });
    expect(forged.status).toBe(401);
    for (const query of ['days=9', 'days=7&days=30', 'format=xml', 'days=%00']) {
      const response = await fetch(`${baseUrl}/admin/kiosque-growth/dashboard?${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status, query).toBe(400);
    }
  });
});

describe('a database from before the pool column', () => {
  it('gets the new unique index in place of the former one, and its rows keep counting in place', async () => {
    const knex = cms.strapi.db.connection;
    const indexes = async (): Promise<string[]> => {
      const rows =
        cms.strapi.db.dialect.client === 'sqlite'
          ? await knex('sqlite_master').where({ type: 'index', tbl_name: 'reader_counts' }).select('name')
          : await knex('pg_indexes').where({ tablename: 'reader_counts' }).select({ name: 'indexname' });
      return (rows as Array<{ name: string }>).map((row) => row.name);
    };
    // As the former schema left it: the index on six columns, a row without a pool.
    const day = '2026-01-15';
    await knex.raw('DROP INDEX IF EXISTS reader_counts_bucket_pool_uq');
    await knex.raw(
      'CREATE UNIQUE INDEX reader_counts_bucket_uq ON reader_counts (day, kind, article_document_id, group_document_id, variant, network)',
    );
    await knex('reader_counts').insert({
      document_id: 'ancienneligne0000000000000',
      day,
      kind: 'click',
      article_document_id: '',
      group_document_id: 'groupeancien00000000000000',
      variant: 'a',
      network: '',
      pool_document_id: null,
      count: 7,
    });

    // The boot's migration step (bootstrap/migrations.ts), as the next start runs it.
    await cms.strapi.service('api::group-click-stat.group-click-stat').ensureUniqueIndex();

    const names = await indexes();
    expect(names).toContain('reader_counts_bucket_pool_uq');
    expect(names).not.toContain('reader_counts_bucket_uq');
    await counters().countOn(
      {
        kind: 'click',
        articleDocumentId: '',
        groupDocumentId: 'groupeancien00000000000000',
        variant: 'a',
        network: '',
      },
      day,
      3,
    );
    expect(await storedRows({ day, groupDocumentId: 'groupeancien00000000000000' })).toEqual([
      expect.objectContaining({ poolDocumentId: '', count: 10 }),
    ]);
  });
});
