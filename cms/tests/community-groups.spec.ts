import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLICKS_PER_ADDRESS_PER_MINUTE } from '../src/clicks/reader-clicks';
import { migrateCommunityGroups } from '../src/bootstrap/migrations';
import { createArticle, createGroup, renameCategory } from './helpers/content';
import { asEditor, startServedCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;
let baseUrl: string;
let token: string;
const editor = () => asEditor(cms, token);

const GROUP_UID = 'api::community-group.community-group';
const ADMIN_GROUPS = `/content-manager/collection-types/${GROUP_UID}`;
const ADMIN_STATS = '/content-manager/collection-types/api::group-click-stat.group-click-stat';

type PublicGroup = { documentId: string; name: string; inviteUrl: string; platform: string };

async function groupsFor(article: string): Promise<PublicGroup[]> {
  const response = await cms.http().get(`/api/community-groups?article=${article}`).expect(200);
  return response.body.data as PublicGroup[];
}

const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const READER_ADDRESS = '203.0.113.7';

/**
 * A click as a reader's browser makes it, without following the redirect: from READER_ADDRESS
 * unless told otherwise (the CMS trusts its proxy here, as in production behind nginx).
 */
function click(
  path: string,
  options: { from?: string; method?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    redirect: 'manual',
    headers: {
      'User-Agent': BROWSER,
      'X-Forwarded-For': options.from ?? READER_ADDRESS,
      ...options.headers,
    },
  });
}

/** A distinct address for each index. */
const address = (index: number) =>
  `10.${Math.floor(index / 65_536) % 256}.${Math.floor(index / 256) % 256}.${index % 256}`;

function clicksFor(groupDocumentId: string, articleDocumentId?: string): Promise<number> {
  return cms.strapi
    .service('api::group-click-stat.group-click-stat')
    .clicksFor(groupDocumentId, articleDocumentId);
}

/** Clicks are counted in memory and written every few seconds: this writes them now. */
function flushCounts(): Promise<void> {
  return cms.strapi.service('api::reader-count.reader-count').counters().flush();
}

beforeAll(async () => {
  ({ cms, baseUrl, token } = await startServedCms({ TRUST_PROXY: 'true' }));
});

afterAll(async () => {
  await cms?.stop();
});

describe('invite links are checked against their platform', () => {
  it('refuses a Telegram group whose link leads to WhatsApp, with a French message', async () => {
    await expect(
      createGroup(cms.strapi, { platform: 'telegram', inviteUrl: 'https://chat.whatsapp.com/AbCdEf123456' }),
    ).rejects.toThrow('Le lien Telegram doit être de la forme https://t.me/');
  });

  it('refuses changing the platform of a group without changing its link', async () => {
    const group = await createGroup(cms.strapi, { platform: 'whatsapp_group' });
    await expect(
      cms.strapi
        .documents(GROUP_UID)
        .update({ documentId: group.documentId, data: { platform: 'telegram' } }),
    ).rejects.toThrow(/https:\/\/t\.me\//);
  });

  it('refuses a bad link typed in the admin, on creation and on update, with a clear 400', async () => {
    const created = await cms.http().post(ADMIN_GROUPS).set('Authorization', `Bearer ${token}`).send({
      name: 'Chaîne mal renseignée',
      platform: 'whatsapp_channel',
      inviteUrl: 'https://evil.example/channel/0029VaTest',
      headline: 'Suivez la chaîne',
      buttonLabel: 'Suivre',
      displayOrder: 50,
      active: true,
      full: false,
    });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toBe(
      'Le lien d’une chaîne WhatsApp doit être de la forme https://whatsapp.com/channel/IdentifiantDeLaChaine.',
    );

    const group = await createGroup(cms.strapi, { platform: 'telegram' });
    const updated = await editor().put(`${ADMIN_GROUPS}/${group.documentId}`, {
      inviteUrl: 'https://t.me.evil.example/kiosque',
    });
    expect(updated.status).toBe(400);
    expect(updated.body.error.message).toMatch(/^Le lien Telegram doit être/);

    const fixed = await editor().put(`${ADMIN_GROUPS}/${group.documentId}`, {
      inviteUrl: '  https://t.me/+NouveauLien2026  ',
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.data.inviteUrl).toBe('https://t.me/+NouveauLien2026');
  });

  it('checks the link against the default platform when a group is created without one', async () => {
    const data = {
      name: 'Sans plateforme',
      inviteUrl: 'https://t.me/SansPlateforme',
      headline: 'Titre',
      buttonLabel: 'Rejoindre',
      displayOrder: 60,
      active: true,
      full: false,
    };
    await expect(cms.strapi.documents(GROUP_UID).create({ data: data as never })).rejects.toThrow(
      /chat\.whatsapp\.com/,
    );
    const created = await cms.strapi
      .documents(GROUP_UID)
      .create({ data: { ...data, inviteUrl: 'https://chat.whatsapp.com/SansPlateforme1' } as never });
    expect(created.platform).toBe('whatsapp_group');
  });

  it('follows a category renamed by an editor, since groups target the category itself', async () => {
    const article = await createArticle(cms.strapi, { category: 'Avant renommage' });
    const group = await createGroup(cms.strapi, { targetCategories: 'Avant renommage' });
    await renameCategory(cms.strapi, 'Avant renommage', 'Après renommage');
    const response = await cms.http().get(`/api/community-groups?article=${article.slug}`).expect(200);
    expect(response.body.data.map((shown: { documentId: string }) => shown.documentId)).toEqual([
      group.documentId,
    ]);
  });

  it('turns the groups of the old "whatsapp" platform into WhatsApp groups with room at boot', async () => {
    const legacy = await createGroup(cms.strapi);
    await cms.strapi.db.query(GROUP_UID).updateMany({
      where: { documentId: legacy.documentId },
      data: { platform: 'whatsapp' as never, full: null as never },
    });
    await migrateCommunityGroups(cms.strapi);
    const stored = await cms.strapi.documents(GROUP_UID).findOne({ documentId: legacy.documentId });
    expect(stored).toMatchObject({ platform: 'whatsapp_group', full: false });
  });
});

describe('variant B of a copy test', () => {
  const halfHeadline = /^La variante B a un titre mais pas de texte de bouton/;
  const halfButton = /^La variante B a un texte de bouton mais pas de titre/;

  it('refuses half a variant B through the Document Service, on creation and on update', async () => {
    const data = {
      name: 'Variante à moitié',
      platform: 'whatsapp_group',
      inviteUrl: 'https://chat.whatsapp.com/VarianteMoitie1',
      headline: 'Titre A',
      buttonLabel: 'Bouton A',
      displayOrder: 70,
      active: true,
      full: false,
    };
    await expect(
      cms.strapi.documents(GROUP_UID).create({ data: { ...data, headlineB: 'Titre B' } as never }),
    ).rejects.toThrow(halfHeadline);
    // Blanks are no text.
    await expect(
      cms.strapi
        .documents(GROUP_UID)
        .create({ data: { ...data, headlineB: '   ', buttonLabelB: 'Bouton B' } as never }),
    ).rejects.toThrow(halfButton);

    const group = await createGroup(cms.strapi);
    await expect(
      cms.strapi
        .documents(GROUP_UID)
        .update({ documentId: group.documentId, data: { buttonLabelB: 'Bouton B' } }),
    ).rejects.toThrow(halfButton);
    const whole = await cms.strapi
      .documents(GROUP_UID)
      .update({ documentId: group.documentId, data: { headlineB: 'Titre B', buttonLabelB: 'Bouton B' } });
    expect([whole?.headlineB, whole?.buttonLabelB]).toEqual(['Titre B', 'Bouton B']);
    // Emptying one text of a whole variant B leaves half of it, read from what is stored.
    await expect(
      cms.strapi.documents(GROUP_UID).update({ documentId: group.documentId, data: { headlineB: '' } }),
    ).rejects.toThrow(halfButton);
    const emptied = await cms.strapi
      .documents(GROUP_UID)
      .update({ documentId: group.documentId, data: { headlineB: '', buttonLabelB: null } as never });
    expect(emptied?.headlineB ?? '').toBe('');
  });

  it('answers the admin a French 400 naming the missing field, so the form shows it under that field', async () => {
    const group = await createGroup(cms.strapi);
    const updated = await editor().put(`${ADMIN_GROUPS}/${group.documentId}`, { headlineB: 'Titre B seul' });
    expect(updated.status).toBe(400);
    expect(updated.body.error.message).toMatch(halfHeadline);
    expect(updated.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['buttonLabelB'], message: expect.stringMatching(halfHeadline) }),
    ]);

    const created = await cms.http().post(ADMIN_GROUPS).set('Authorization', `Bearer ${token}`).send({
      name: 'Bouton B seul',
      platform: 'telegram',
      inviteUrl: 'https://t.me/BoutonBSeul',
      headline: 'Titre A',
      buttonLabel: 'Bouton A',
      buttonLabelB: 'Bouton B seul',
      displayOrder: 71,
      active: true,
      full: false,
    });
    expect(created.status).toBe(400);
    expect(created.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['headlineB'], message: expect.stringMatching(halfButton) }),
    ]);
    expect(
      await cms.strapi.documents(GROUP_UID).findFirst({ filters: { name: { $eq: 'Bouton B seul' } } }),
    ).toBeNull();
  });
});

describe('which groups an article shows', () => {
  it('shows the groups that target the article’s category, in display order, by slug or documentId', async () => {
    const article = await createArticle(cms.strapi, { category: 'Ciblage A' });
    const second = await createGroup(cms.strapi, {
      targetCategories: 'Ciblage A',
      displayOrder: 2,
      platform: 'telegram',
    });
    const first = await createGroup(cms.strapi, { targetCategories: 'Autre\nciblage a', displayOrder: 1 });
    await createGroup(cms.strapi, { targetCategories: 'Ciblage A', active: false });

    for (const ref of [article.slug, article.documentId]) {
      const groups = await groupsFor(String(ref));
      expect(groups.map((group) => group.documentId)).toEqual([first.documentId, second.documentId]);
    }
  });

  it('shows the general groups under an article of a category no group targets', async () => {
    const article = await createArticle(cms.strapi, { category: 'Personne ne cible ceci' });
    const general = (await cms.http().get('/api/community-groups').expect(200)).body.data as PublicGroup[];
    const groups = await groupsFor(article.slug ?? '');
    expect(groups.map((group) => group.name)).toEqual(general.map((group) => group.name));
    expect(groups.map((group) => group.name).slice(0, 3)).toEqual([
      'Alertes emploi Kiosque',
      'Actualités Kiosque',
      'Communauté Kiosque',
    ]);
  });

  it('never tells readers about targeting, fullness or replacements', async () => {
    const article = await createArticle(cms.strapi, { category: 'Ciblage discret' });
    await createGroup(cms.strapi, { targetCategories: 'Ciblage discret' });
    const response = await cms
      .http()
      .get(`/api/community-groups?article=${article.slug}&populate=*`)
      .expect(200);
    expect(Object.keys(response.body.data[0]).sort()).toEqual([
      'buttonLabel',
      'description',
      'displayOrder',
      'documentId',
      'headline',
      'inviteUrl',
      'name',
      'platform',
    ]);
  });

  it('answers 404 in French for an unknown or unpublished article, and 400 for a malformed one', async () => {
    const draft = await createArticle(cms.strapi, { publish: false });
    for (const ref of ['article-inconnu', draft.slug, draft.documentId]) {
      const response = await cms.http().get(`/api/community-groups?article=${ref}`).expect(404);
      expect(response.body.error.message).toBe('Cet article est introuvable.');
    }
    const malformed = await cms.http().get('/api/community-groups?article[$ne]=x').expect(400);
    expect(malformed.body.error.message).toMatch(/article/);
  });

  it('shows the replacement editors chose in place of a full group', async () => {
    const article = await createArticle(cms.strapi, { category: 'Ciblage plein' });
    const replacement = await createGroup(cms.strapi, { platform: 'telegram', displayOrder: 90 });
    const full = await createGroup(cms.strapi, {
      targetCategories: 'Ciblage plein',
      full: true,
      replacement: replacement.documentId,
      displayOrder: 1,
    });
    const other = await createGroup(cms.strapi, { targetCategories: 'Ciblage plein', displayOrder: 2 });

    const groups = await groupsFor(article.slug ?? '');
    expect(groups.map((group) => group.documentId)).toEqual([replacement.documentId, other.documentId]);
    expect(groups.map((group) => group.documentId)).not.toContain(full.documentId);
  });

  it('shows the next group of the same platform when a full group has no replacement', async () => {
    const article = await createArticle(cms.strapi, { category: 'Ciblage suivant' });
    await createGroup(cms.strapi, {
      platform: 'whatsapp_channel',
      targetCategories: 'Ciblage suivant',
      full: true,
      displayOrder: 1,
    });
    const next = await createGroup(cms.strapi, {
      platform: 'whatsapp_channel',
      targetCategories: 'Ciblage suivant\nAutre',
      displayOrder: 3,
    });
    const groups = await groupsFor(article.slug ?? '');
    expect(groups.map((group) => group.documentId)).toEqual([next.documentId]);
  });
});

describe('the click redirect', () => {
  it('answers 302 to the stored invite link and counts the click for the group and the article', async () => {
    const article = await createArticle(cms.strapi);
    const group = await createGroup(cms.strapi, { platform: 'telegram' });

    const response = await click(`/api/go/${group.documentId}?article=${article.documentId}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(group.inviteUrl);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await clicksFor(group.documentId, article.documentId)).toBe(1);
  });

  it('does not count a HEAD request, which link checkers send', async () => {
    const group = await createGroup(cms.strapi);
    const response = await click(`/api/go/${group.documentId}`, { method: 'HEAD' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(group.inviteUrl);
    expect(await clicksFor(group.documentId)).toBe(0);
  });

  it('answers 404 in French for an unknown, inactive or malformed group', async () => {
    const inactive = await createGroup(cms.strapi, { active: false });
    for (const id of ['groupe-inconnu', inactive.documentId, '%2F%2Fevil.example', 'a'.repeat(80)]) {
      const response = await click(`/api/go/${id}`);
      expect(response.status, id).toBe(404);
      expect(response.headers.get('location'), id).toBeNull();
      expect(((await response.json()) as { error: { message: string } }).error.message, id).toBe(
        'Ce groupe n’existe pas ou n’accueille plus de nouveaux membres.',
      );
    }
    expect(await clicksFor(inactive.documentId)).toBe(0);
  });

  it('is never an open redirect: parameters cannot change where it leads', async () => {
    const group = await createGroup(cms.strapi);
    for (const query of [
      'url=https://evil.example',
      'redirect=https://evil.example',
      'article=https://evil.example',
    ]) {
      const response = await click(`/api/go/${group.documentId}?${query}`);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(group.inviteUrl);
    }
    expect((await click('/api/go/https://evil.example')).status).toBe(404);
  });

  it('refuses to send readers to a link that was stored without passing the rules', async () => {
    const group = await createGroup(cms.strapi);
    await cms.strapi.db
      .query(GROUP_UID)
      .updateMany({ where: { documentId: group.documentId }, data: { inviteUrl: 'https://evil.example/x' } });
    expect((await click(`/api/go/${group.documentId}`)).status).toBe(404);
  });

  it('sends the click on a full group to its replacement, and counts it there', async () => {
    const replacement = await createGroup(cms.strapi, { platform: 'telegram' });
    const full = await createGroup(cms.strapi, { full: true, replacement: replacement.documentId });
    const response = await click(`/api/go/${full.documentId}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(replacement.inviteUrl);
    expect(await clicksFor(replacement.documentId)).toBe(1);
    expect(await clicksFor(full.documentId)).toBe(0);
  });

  it('counts 200 parallel clicks of 200 readers as exactly 200, apart from clicks from another article', async () => {
    const article = await createArticle(cms.strapi);
    const otherArticle = await createArticle(cms.strapi);
    const group = await createGroup(cms.strapi);

    const responses = await Promise.all([
      ...Array.from({ length: 200 }, (_, index) =>
        click(`/api/go/${group.documentId}?article=${article.documentId}`, { from: address(index) }),
      ),
      ...Array.from({ length: 7 }, (_, index) =>
        click(`/api/go/${group.documentId}?article=${otherArticle.documentId}`, {
          from: address(200 + index),
        }),
      ),
      ...Array.from({ length: 3 }, (_, index) =>
        click(`/api/go/${group.documentId}?article=article-inconnu`, { from: address(300 + index) }),
      ),
    ]);
    expect(responses.every((response) => response.status === 302)).toBe(true);

    expect(await clicksFor(group.documentId, article.documentId)).toBe(200);
    expect(await clicksFor(group.documentId, otherArticle.documentId)).toBe(7);
    expect(await clicksFor(group.documentId, '')).toBe(3);
    expect(await clicksFor(group.documentId)).toBe(210);
  }, 60_000);

  it('shows editors the counts in the admin, per group and article, and refuses hand-written ones', async () => {
    const article = await createArticle(cms.strapi, { title: 'Article compté en admin' });
    const group = await createGroup(cms.strapi, { name: 'Groupe compté en admin' });
    await click(`/api/go/${group.documentId}?article=${article.documentId}`);
    await click(`/api/go/${group.documentId}?article=${article.documentId}`);
    await flushCounts();

    const list = await editor()
      .get(`${ADMIN_STATS}?filters[groupName][$eq]=Groupe compté en admin`)
      .expect(200);
    expect(list.body.results).toHaveLength(1);
    expect(list.body.results[0]).toMatchObject({
      groupName: 'Groupe compté en admin',
      articleTitle: 'Article compté en admin',
      clicks: 2,
    });

    const forged = await editor().post(ADMIN_STATS, {
      groupDocumentId: group.documentId,
      groupName: 'Faux',
      clicks: 1000,
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toMatch(/calculées par le site/);
  });
});

describe('which clicks are counted', () => {
  /** Redirected to the group, as every request to an invitation must be. */
  function expectRedirect(response: Response, group: { inviteUrl?: string | null }, label: string): void {
    expect(response.status, label).toBe(302);
    expect(response.headers.get('location'), label).toBe(group.inviteUrl);
  }

  it('redirects crawlers and link-preview fetchers without counting them', async () => {
    const group = await createGroup(cms.strapi);
    const bots = [
      'WhatsApp/2.23.20.0 A',
      'TelegramBot (like TwitterBot)',
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
      'Twitterbot/1.0',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'curl/8.5.0',
      '',
    ];
    for (const userAgent of bots) {
      const response = await click(`/api/go/${group.documentId}`, { headers: { 'User-Agent': userAgent } });
      expectRedirect(response, group, userAgent);
    }
    expect(await clicksFor(group.documentId)).toBe(0);

    // Nor did they use up the reader's clicks at this address.
    await click(`/api/go/${group.documentId}`);
    expect(await clicksFor(group.documentId)).toBe(1);
  });

  it('redirects prefetches, prerenders and HEAD requests without counting them', async () => {
    const group = await createGroup(cms.strapi);
    const speculative: Record<string, string>[] = [
      { 'Sec-Purpose': 'prefetch' },
      { 'Sec-Purpose': 'prefetch;prerender' },
      { Purpose: 'prefetch' },
      { 'X-Moz': 'prefetch' },
      { 'X-Purpose': 'preview' },
    ];
    for (const headers of speculative) {
      expectRedirect(await click(`/api/go/${group.documentId}`, { headers }), group, JSON.stringify(headers));
    }
    expectRedirect(await click(`/api/go/${group.documentId}`, { method: 'HEAD' }), group, 'HEAD');
    expect(await clicksFor(group.documentId)).toBe(0);
  });

  it(`counts at most ${CLICKS_PER_ADDRESS_PER_MINUTE} of 20 clicks from one address on one group within a minute`, async () => {
    const group = await createGroup(cms.strapi);
    const other = await createGroup(cms.strapi);
    for (let index = 0; index < 20; index += 1) {
      expectRedirect(
        await click(`/api/go/${group.documentId}`, { from: '198.51.100.9' }),
        group,
        `#${index}`,
      );
    }
    expect(await clicksFor(group.documentId)).toBe(CLICKS_PER_ADDRESS_PER_MINUTE);

    // In parallel too, and from an IPv6 address.
    const parallel = await Promise.all(
      Array.from({ length: 20 }, () => click(`/api/go/${other.documentId}`, { from: '2001:db8::42' })),
    );
    parallel.forEach((response, index) => expectRedirect(response, other, `parallel #${index}`));
    expect(await clicksFor(other.documentId)).toBe(CLICKS_PER_ADDRESS_PER_MINUTE);

    // The limit is per group: the same address still counts on another one.
    await click(`/api/go/${other.documentId}`, { from: '198.51.100.9' });
    expect(await clicksFor(other.documentId)).toBe(CLICKS_PER_ADDRESS_PER_MINUTE + 1);
  });

  it('counts one click from each of 20 addresses', async () => {
    const group = await createGroup(cms.strapi);
    for (let index = 0; index < 20; index += 1) {
      expectRedirect(
        await click(`/api/go/${group.documentId}`, { from: address(1000 + index) }),
        group,
        `#${index}`,
      );
    }
    expect(await clicksFor(group.documentId)).toBe(20);
  });

  it('still sends the reader to the group when the click cannot be counted', async () => {
    const group = await createGroup(cms.strapi);
    const stats = cms.strapi.service('api::group-click-stat.group-click-stat');
    const record = stats.record;
    stats.record = async () => {
      throw new Error('database unavailable');
    };
    try {
      expectRedirect(
        await click(`/api/go/${group.documentId}`, { from: address(3000) }),
        group,
        'failing count',
      );
    } finally {
      stats.record = record;
    }
    expect(await clicksFor(group.documentId)).toBe(0);
  });

  it('counts a click naming an unknown or unpublished article as a click from no article, never under that name', async () => {
    const group = await createGroup(cms.strapi);
    const draft = await createArticle(cms.strapi, { publish: false });
    const published = await createArticle(cms.strapi);
    const names = ['article-qui-n-existe-pas', draft.documentId, String(published.slug), 'x'.repeat(64)];
    for (const [index, name] of names.entries()) {
      const response = await click(`/api/go/${group.documentId}?article=${encodeURIComponent(name)}`, {
        from: address(2000 + index),
      });
      expectRedirect(response, group, name);
    }
    await flushCounts();
    const rows = await cms.strapi.db
      .query('api::group-click-stat.group-click-stat')
      .findMany({ where: { groupDocumentId: group.documentId } });
    expect(rows.map((row) => ({ article: row.articleDocumentId, clicks: row.clicks }))).toEqual([
      { article: '', clicks: names.length },
    ]);
  });
});
