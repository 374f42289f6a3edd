import { createRequire } from 'node:module';
import type { Core } from '@strapi/strapi';
import type { GrowthDashboard } from '@kiosque/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolSeats } from '../src/db/pool-seats';
import { groupPools } from '../src/services';
import { mailOutbox } from '../src/db/mail-outbox';
import { createGroup, setCommentSettings } from './helpers/content';
import {
  adminToken,
  asEditor,
  listenOnFreePort,
  startCms,
  testDatabase,
  type RunningCms,
} from './helpers/strapi';

let cms: RunningCms;
let baseUrl: string;
let token: string;
const editor = () => asEditor(cms, token);

const GROUP_UID = 'api::community-group.community-group';
const POOL_UID = 'api::group-pool.group-pool';
const ADMIN_POOLS = `/content-manager/collection-types/${POOL_UID}`;
const ADMIN_GROUPS = `/content-manager/collection-types/${GROUP_UID}`;

const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

/** A distinct address for each index (one reader each: the per-address allowance never applies). */
const address = (index: number) =>
  `10.${Math.floor(index / 65_536) % 256}.${Math.floor(index / 256) % 256}.${index % 256}`;
let readers = 0;

/** A visit to a pool's address as a reader's browser makes it, without following the redirect. */
function visit(
  slug: string,
  options: { from?: string; method?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  readers += 1;
  return fetch(`${baseUrl}/api/rejoindre/${slug}`, {
    method: options.method ?? 'GET',
    redirect: 'manual',
    headers: {
      'User-Agent': BROWSER,
      'X-Forwarded-For': options.from ?? address(readers),
      ...options.headers,
    },
  });
}

async function landing(slug: string, options: Parameters<typeof visit>[1] = {}): Promise<string> {
  const response = await visit(slug, options);
  expect(response.status).toBe(302);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return response.headers.get('location') ?? '';
}

let poolCounter = 0;
async function createPool(fields: {
  groups: string[];
  fallback?: string;
  cap?: number;
  nearlyFullThreshold?: number;
}): Promise<{ documentId: string; slug: string }> {
  poolCounter += 1;
  const slug = `file-de-test-${poolCounter}`;
  const pool = await cms.strapi.documents(POOL_UID).create({
    data: {
      name: `File de test ${poolCounter}`,
      slug,
      groups: fields.groups,
      ...(fields.fallback === undefined ? {} : { fallback: fields.fallback }),
      cap: fields.cap ?? 1024,
      nearlyFullThreshold: fields.nearlyFullThreshold ?? 0,
    },
  });
  return { documentId: pool.documentId, slug };
}

/** A pool of one empty group, `only`, that sends readers to a WhatsApp channel once `cap` joined. */
async function poolOfOneGroup(cap: number) {
  const only = await createGroup(cms.strapi, { members: 0 });
  const channel = await createGroup(cms.strapi, { platform: 'whatsapp_channel' });
  const created = await createPool({ groups: [only.documentId], fallback: channel.documentId, cap });
  return { only, channel, ...created };
}

async function group(documentId: string) {
  return cms.strapi
    .documents(GROUP_UID)
    .findOne({ documentId, fields: ['inviteUrl', 'members', 'membersAt', 'poolJoins'] });
}

async function pool(documentId: string) {
  return cms.strapi.documents(POOL_UID).findOne({ documentId, fields: ['seatsLeft', 'nearlyFull'] });
}

/** What the CMS logged as "nearly full" (the one call point for the newsroom's e-mail). */
const notices: string[] = [];

beforeAll(async () => {
  cms = await startCms({ TRUST_PROXY: 'true' });
  baseUrl = await listenOnFreePort(cms);
  token = await adminToken(cms);
  const warn = cms.strapi.log.warn.bind(cms.strapi.log);
  cms.strapi.log.warn = ((message: string, ...rest: unknown[]) => {
    if (String(message).includes('nearly full')) notices.push(String(message));
    return warn(message, ...rest);
  }) as typeof cms.strapi.log.warn;
});

afterAll(async () => {
  await cms?.stop();
});

describe('rotation', () => {
  it('sends readers to the first group in the pool’s order, and past one an editor says is full', async () => {
    const [a, b, c] = await Promise.all(
      ['Emploi A', 'Emploi B', 'Emploi C'].map((name) => createGroup(cms.strapi, { name })),
    );
    const channel = await createGroup(cms.strapi, { platform: 'whatsapp_channel' });
    // The pool's order, not the groups' names, creation or display order.
    const { slug } = await createPool({
      groups: [c.documentId, a.documentId, b.documentId],
      fallback: channel.documentId,
    });

    expect(await landing(slug)).toBe(c.inviteUrl);
    expect(await landing(slug)).toBe(c.inviteUrl);

    await editor().put(`${ADMIN_GROUPS}/${c.documentId}`, { full: true }).expect(200);
    expect(await landing(slug)).toBe(a.inviteUrl);

    await editor().put(`${ADMIN_GROUPS}/${a.documentId}`, { active: false }).expect(200);
    expect(await landing(slug)).toBe(b.inviteUrl);
  });

  it('fills a group up to the cap with the joins since its member count, then the next, then the fallback', async () => {
    const first = await createGroup(cms.strapi, { members: 1 });
    const second = await createGroup(cms.strapi, { members: 2 });
    const channel = await createGroup(cms.strapi, { platform: 'telegram' });
    const { slug, documentId } = await createPool({
      groups: [first.documentId, second.documentId],
      fallback: channel.documentId,
      cap: 3,
    });
    expect((await pool(documentId))?.seatsLeft).toBe(3);

    const landings = [];
    for (let index = 0; index < 5; index += 1) landings.push(await landing(slug));
    expect(landings).toEqual([
      first.inviteUrl,
      first.inviteUrl,
      second.inviteUrl,
      channel.inviteUrl,
      channel.inviteUrl,
    ]);
    expect((await group(first.documentId))?.poolJoins).toBe(2);
    expect((await group(second.documentId))?.poolJoins).toBe(1);
    expect(await pool(documentId)).toMatchObject({ seatsLeft: 0 });
  });

  it('takes a seat for each counted click on a pooled group’s own join block, so that the pool sends the next readers on', async () => {
    const first = await createGroup(cms.strapi, { members: 0 });
    const second = await createGroup(cms.strapi, { members: 0 });
    const { slug, documentId } = await createPool({
      groups: [first.documentId, second.documentId],
      cap: 3,
    });
    const click = (from: string, userAgent = BROWSER) =>
      fetch(`${baseUrl}/api/go/${first.documentId}?source=qr`, {
        redirect: 'manual',
        headers: { 'User-Agent': userAgent, 'X-Forwarded-For': from },
      });
    // Three readers join the first group from its block (a QR scan here), a link preview does not.
    for (let index = 0; index < 3; index += 1) {
      expect((await click(address(920_000 + index))).status).toBe(302);
    }
    expect((await click(address(920_010), 'WhatsApp/2.23.20.0')).status).toBe(302);
    expect((await group(first.documentId))?.poolJoins).toBe(3);
    expect((await pool(documentId))?.seatsLeft).toBe(3);

    // Full by its estimate: the pool's visits go to the second group.
    expect(await landing(slug, { from: address(920_100) })).toBe(second.inviteUrl);
    expect((await group(first.documentId))?.poolJoins).toBe(3);
    expect((await pool(documentId))?.seatsLeft).toBe(2);
  });

  it('starts counting again when an editor enters a new member count, and never takes the form’s stale joins', async () => {
    const { only, channel, slug, documentId } = await poolOfOneGroup(2);
    await landing(slug);
    await landing(slug);
    expect(await landing(slug)).toBe(channel.inviteUrl);

    // The admin sends the whole form back: a read-only poolJoins of 0 and an unchanged count.
    const unchanged = await editor().put(`${ADMIN_GROUPS}/${only.documentId}`, { members: 0, poolJoins: 0 });
    expect(unchanged.status).toBe(200);
    expect((await group(only.documentId))?.poolJoins).toBe(2);

    // The group was cleaned up: one member left. The count is dated, the joins start again.
    const before = Date.now();
    await editor().put(`${ADMIN_GROUPS}/${only.documentId}`, { members: 1 }).expect(200);
    const counted = await group(only.documentId);
    expect(counted?.poolJoins).toBe(0);
    expect(new Date(String(counted?.membersAt)).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await pool(documentId))?.seatsLeft).toBe(1);
    expect(await landing(slug)).toBe(only.inviteUrl);
    expect(await landing(slug)).toBe(channel.inviteUrl);
  });

  it('redirects bots, link previews, prefetches and HEAD requests without taking a seat', async () => {
    const { only, channel, slug } = await poolOfOneGroup(1);

    expect(await landing(slug, { headers: { 'User-Agent': 'WhatsApp/2.2329.7 i' } })).toBe(only.inviteUrl);
    expect(
      await landing(slug, { headers: { 'User-Agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } }),
    ).toBe(only.inviteUrl);
    expect(await landing(slug, { headers: { 'Sec-Purpose': 'prefetch' } })).toBe(only.inviteUrl);
    expect(await landing(slug, { method: 'HEAD' })).toBe(only.inviteUrl);
    expect(await landing(slug, { headers: { 'User-Agent': '' } })).toBe(only.inviteUrl);
    expect((await group(only.documentId))?.poolJoins).toBe(0);

    // The reader after them still has the seat.
    expect(await landing(slug)).toBe(only.inviteUrl);
    expect(await landing(slug)).toBe(channel.inviteUrl);
  });

  it('lets one address take a few seats a minute, not empty the pool', async () => {
    const { only, slug } = await poolOfOneGroup(100);
    for (let index = 0; index < 10; index += 1) await landing(slug, { from: '198.51.100.9' });
    expect((await group(only.documentId))?.poolJoins).toBe(3);
  });

  it('answers a French 404 page when every group is full and the pool has no fallback', async () => {
    const only = await createGroup(cms.strapi, { full: true });
    const { slug } = await createPool({ groups: [only.documentId] });
    const response = await visit(slug);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('Tous les groupes de cette adresse sont complets');
  });
});

type Knex = Core.Strapi['db']['connection'];

/**
 * A second connection pool on the same database, with the CMS's own settings: what a second CMS
 * instance holds. knex is loaded from where @strapi/database finds it (the CMS's own version).
 */
function secondInstanceDatabase(): Knex {
  const load = createRequire(import.meta.url);
  const knex = createRequire(load.resolve('@strapi/database'))('knex') as (config: unknown) => Knex;
  const client = (cms.strapi.db.connection as unknown as { client: { config: unknown } }).client;
  return knex(client.config);
}

describe('joins on the dashboard', () => {
  it('counts a reader sent to a group or the fallback as a join for it, from no article, never a bot’s or a copy’s click', async () => {
    const { only, channel, slug, documentId } = await poolOfOneGroup(2);
    const from = address(900_000);
    // Two seats, then the fallback; the same address's fourth visit in the minute is not counted.
    for (let index = 0; index < 3; index += 1) await landing(slug, { from: address(900_001 + index) });
    await landing(slug, { from });
    await landing(slug, { from });
    await landing(slug, { from });
    await landing(slug, { from });
    await landing(slug, { headers: { 'User-Agent': 'WhatsApp/2.23.20.0' } });
    expect((await visit(slug, { method: 'HEAD' })).status).toBe(302);

    const response = await fetch(`${baseUrl}/admin/kiosque-growth/dashboard?days=7`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const shown = ((await response.json()) as { data: GrowthDashboard }).data;
    const joins = (documentId: string) => shown.groups.find((row) => row.documentId === documentId);
    expect(joins(only.documentId)).toMatchObject({ joins7: 2, joins30: 2, qr30: 0 });
    expect(joins(channel.documentId)).toMatchObject({ joins7: 4, joins30: 4 });
    // Full: its two seats taken.
    expect(joins(only.documentId)?.seatsLeft).toBe(0);
    const via = `(via le lien permanent /rejoindre/${slug})`;
    expect(
      shown.articleGroups
        .filter((row) => [only.documentId, channel.documentId].includes(row.groupDocumentId))
        .map((row) => [
          row.articleDocumentId,
          row.articleTitle,
          row.poolDocumentId,
          row.groupDocumentId,
          row.joins,
        ])
        .sort(),
    ).toEqual(
      [
        ['', via, documentId, channel.documentId, 4],
        ['', via, documentId, only.documentId, 2],
      ].sort(),
    );
    expect(shown.pools.find((row) => row.documentId === documentId)).toEqual({
      documentId,
      name: expect.stringMatching(/^File de test/),
      path: `/rejoindre/${slug}`,
      groupsOpen: 0,
      groupsTotal: 1,
      seatsLeft: 0,
      nearlyFull: false,
      joins7: 6,
      joins30: 6,
      fallback30: 4,
    });
    // No variant readout is fed by a visit that showed no join block.
    expect(shown.variants.some((row) => row.groupDocumentId === only.documentId)).toBe(false);
  });

  it('tells apart the joins each pool’s link sent to a group the two pools share, and its seats left', async () => {
    const shared = await createGroup(cms.strapi, { members: 10 });
    const first = await createPool({ groups: [shared.documentId], cap: 100 });
    const second = await createPool({ groups: [shared.documentId], cap: 100 });
    for (let index = 0; index < 3; index += 1) await landing(first.slug, { from: address(910_000 + index) });
    await landing(second.slug, { from: address(910_100) });

    const response = await fetch(`${baseUrl}/admin/kiosque-growth/dashboard?days=30`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const shown = ((await response.json()) as { data: GrowthDashboard }).data;
    const rows = shown.articleGroups.filter((row) => row.groupDocumentId === shared.documentId);
    expect(rows.map((row) => [row.articleTitle, row.poolDocumentId, row.joins]).sort()).toEqual(
      [
        [`(via le lien permanent /rejoindre/${first.slug})`, first.documentId, 3],
        [`(via le lien permanent /rejoindre/${second.slug})`, second.documentId, 1],
      ].sort(),
    );
    const figures = (documentId: string) => shown.pools.find((row) => row.documentId === documentId);
    expect(figures(first.documentId)).toMatchObject({ joins30: 3, groupsOpen: 1, seatsLeft: 86 });
    expect(figures(second.documentId)).toMatchObject({ joins30: 1, groupsOpen: 1, seatsLeft: 86 });
    // 10 members entered, 4 readers sent since: 86 of 100 seats left.
    expect(shown.groups.find((row) => row.documentId === shared.documentId)).toMatchObject({
      joins30: 4,
      seatsLeft: 86,
    });
  });
});

describe('1,000 readers at once', () => {
  it('sends exactly as many readers to the groups as they have seats, the rest to the fallback, with a second instance taking seats too', async () => {
    const SEATS = [300, 200];
    const VISITS = 1000;
    // PostgreSQL is what runs two CMS instances in production. Two instances on one SQLite file
    // would be one writer at a time, and a second better-sqlite3 connection in this process would
    // wait for the lock synchronously, stalling the CMS it is waiting for.
    const SECOND_INSTANCE_VISITS = testDatabase === 'postgres' ? 200 : 0;
    const cap = 1024;
    const groups = await Promise.all(SEATS.map((seats) => createGroup(cms.strapi, { members: cap - seats })));
    const channel = await createGroup(cms.strapi, { platform: 'whatsapp_channel' });
    const { slug, documentId } = await createPool({
      groups: groups.map((g) => g.documentId),
      fallback: channel.documentId,
      cap,
      nearlyFullThreshold: 100,
    });
    const noticesBefore = notices.length;
    const second = SECOND_INSTANCE_VISITS > 0 ? secondInstanceDatabase() : undefined;
    // The seat-taking statement the service runs, on the other instance's connections.
    const otherInstance = poolSeats({
      db: { connection: second!, metadata: cms.strapi.db.metadata },
    } as Core.Strapi);
    const takeOnOtherInstance = async (): Promise<boolean> => {
      for (const g of groups) if ((await otherInstance.takeSeat(Number(g.id), cap)) !== null) return true;
      return false;
    };

    try {
      const started = performance.now();
      const [locations, otherSeated] = await Promise.all([
        Promise.all(Array.from({ length: VISITS }, () => landing(slug))),
        Promise.all(Array.from({ length: SECOND_INSTANCE_VISITS }, takeOnOtherInstance)),
      ]);
      const elapsed = performance.now() - started;

      const tally = (url: string | null | undefined) =>
        locations.filter((location) => location === url).length;
      const perGroup = groups.map((g) => tally(g.inviteUrl));
      const seatedHere = perGroup.reduce((total, count) => total + count, 0);
      const seatedThere = otherSeated.filter(Boolean).length;
      const fallback = tally(channel.inviteUrl);
      console.info(
        `[${testDatabase}] ${VISITS} parallel visits + ${SECOND_INSTANCE_VISITS} seats asked on a second connection pool, ${SEATS.join(
          ' + ',
        )} seats: groups got ${perGroup.join(' + ')} over HTTP and ${seatedThere} on the other pool, fallback ${fallback}, in ${Math.round(elapsed)} ms`,
      );
      expect(seatedHere + seatedThere).toBe(SEATS[0] + SEATS[1]);
      expect(fallback).toBe(VISITS - seatedHere);
      const joins = await Promise.all(groups.map(async (g) => (await group(g.documentId))?.poolJoins));
      expect(joins).toEqual(SEATS);
      expect(await pool(documentId)).toMatchObject({ nearlyFull: true });
      // The other instance's seats reach the stored figure at the next edit (or the next seat taken).
      const { id } = (await pool(documentId))!;
      expect(await groupPools(cms.strapi).refreshStatus(Number(id))).toBe(0);
      expect(await pool(documentId)).toMatchObject({ seatsLeft: 0, nearlyFull: true });
      // Told once, however many visits crossed the threshold together.
      expect(notices.length - noticesBefore).toBe(1);
    } finally {
      await second?.destroy();
    }
  }, 120_000);
});

const poolMails = () => mailOutbox(cms.strapi).ofKind('pool-nearly-full');

describe('nearly full', () => {
  it('shows editors the seats left and the flag in the list, and tells them once per crossing', async () => {
    const only = await createGroup(cms.strapi, { members: 5 });
    const channel = await createGroup(cms.strapi, { platform: 'whatsapp_channel' });
    const { slug, documentId } = await createPool({
      groups: [only.documentId],
      fallback: channel.documentId,
      cap: 10,
      nearlyFullThreshold: 3,
    });
    await setCommentSettings(cms.strapi, { moderatorEmails: 'redaction@kiosque.example' });
    const noticesBefore = notices.length;
    const mailsBefore = await poolMails();
    await landing(slug);
    await landing(slug);
    expect(await pool(documentId)).toMatchObject({ seatsLeft: 3, nearlyFull: false });
    await landing(slug);
    await landing(slug);
    expect(await pool(documentId)).toMatchObject({ seatsLeft: 1, nearlyFull: true });
    expect(notices.length - noticesBefore).toBe(1);
    expect(notices.at(-1)).toContain(slug);
    // The moderators' mail, through the outbox: one for the crossing, with the seats left.
    await expect.poll(async () => (await poolMails()).length - mailsBefore.length).toBe(1);
    const [told] = (await poolMails()).slice(mailsBefore.length);
    expect(told).toMatchObject({ recipient: 'redaction@kiosque.example' });
    expect(told?.subject).toMatch(/presque complète : 2 places$/); // the visit that crossed the threshold

    const list = await editor().get(`${ADMIN_POOLS}?page=1&pageSize=100`).expect(200);
    expect(list.body.results.find((row: { slug: string }) => row.slug === slug)).toMatchObject({
      seatsLeft: 1,
      nearlyFull: true,
    });
    const configuration = await editor()
      .get(`/content-manager/content-types/${POOL_UID}/configuration`)
      .expect(200);
    expect(configuration.body.data.contentType.layouts.list).toEqual([
      'name',
      'slug',
      'seatsLeft',
      'nearlyFull',
    ]);

    // A new group makes room: the flag comes down, and the next crossing is told again.
    const more = await createGroup(cms.strapi, { members: 9 });
    await editor()
      .put(`${ADMIN_POOLS}/${documentId}`, {
        groups: { connect: [{ documentId: more.documentId }] },
        nearlyFull: false,
        seatsLeft: 999,
      })
      .expect(200);
    expect(await pool(documentId)).toMatchObject({ seatsLeft: 2, nearlyFull: true });
    await editor().put(`${ADMIN_POOLS}/${documentId}`, { nearlyFullThreshold: 2 }).expect(200);
    expect(await pool(documentId)).toMatchObject({ seatsLeft: 2, nearlyFull: false });
    await landing(slug);
    expect(await pool(documentId)).toMatchObject({ seatsLeft: 1, nearlyFull: true });
    expect(notices.length - noticesBefore).toBe(2);
    await expect.poll(async () => (await poolMails()).length - mailsBefore.length).toBe(2);
    await setCommentSettings(cms.strapi, { moderatorEmails: '' });
  });
});

describe('editors’ mistakes and attackers’ addresses', () => {
  it('refuses a pool rotating a channel, a WhatsApp group as fallback, or a bad address, with a French 400', async () => {
    const whatsapp = await createGroup(cms.strapi);
    const telegram = await createGroup(cms.strapi, { platform: 'telegram', name: 'Communauté Telegram' });
    const base = { name: 'File mal réglée', cap: 1024, nearlyFullThreshold: 50 };

    const channelInRotation = await editor().post(ADMIN_POOLS, {
      ...base,
      slug: 'file-mal-reglee',
      groups: { connect: [{ documentId: telegram.documentId }] },
    });
    expect(channelInRotation.status).toBe(400);
    expect(channelInRotation.body.error.message).toBe(
      '« Communauté Telegram » n’est pas un groupe WhatsApp : une file ne fait tourner que des groupes WhatsApp.',
    );

    const groupAsFallback = await editor().post(ADMIN_POOLS, {
      ...base,
      slug: 'file-mal-reglee',
      fallback: { connect: [{ documentId: whatsapp.documentId }] },
    });
    expect(groupAsFallback.status).toBe(400);
    expect(groupAsFallback.body.error.message).toMatch(/ne peut pas servir de repli/);

    for (const slug of ['Emploi Dakar', 'emploi/../admin', 'emploi--dakar']) {
      const badSlug = await editor().post(ADMIN_POOLS, { ...base, slug });
      expect(badSlug.status, slug).toBe(400);
    }
  });

  it('answers unknown and hostile addresses with a 404 page, never a 500, and never echoes them', async () => {
    // A NUL byte is refused by the CMS's request guard before any route.
    const paths: [string, number][] = [
      ['file-qui-n-existe-pas', 404],
      ['a'.repeat(300), 404],
      ['%00', 400],
      ['..%2F..%2Fadmin', 404],
      [encodeURIComponent("x' OR 1=1 --"), 404],
      [encodeURIComponent('<script>alert(1)</script>'), 404],
      ['file%20de%20test', 404],
      ['FILE-DE-TEST-1', 404],
      ['%C3%A9t%C3%A9', 404],
      ['%E0%A4%A', 404],
    ];
    for (const [path, status] of paths) {
      const response = await fetch(`${baseUrl}/api/rejoindre/${path}`, {
        redirect: 'manual',
        headers: { 'User-Agent': BROWSER },
      });
      expect(response.status, path).toBe(status);
      const body = await response.text();
      expect(body, path).not.toContain('<script>alert');
      expect(body, path).not.toContain('OR 1=1');
    }
  });
});
