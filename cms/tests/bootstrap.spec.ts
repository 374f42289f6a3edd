import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../src/bootstrap/demo-content';
import { DEMO_ARTICLES } from '../src/bootstrap/demo-data';
import { ensurePublicPermissions, PUBLIC_ACTIONS } from '../src/bootstrap/permissions';
import { startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;

async function contentCounts() {
  const count = (
    uid: 'api::article.article' | 'api::community-group.community-group' | 'api::comment.comment',
  ) => cms.strapi.db.query(uid).count();
  return {
    articles: await count('api::article.article'),
    groups: await count('api::community-group.community-group'),
    comments: await count('api::comment.comment'),
  };
}

beforeAll(async () => {
  cms = await startCms();
});

afterAll(async () => {
  await cms?.stop();
});

describe('demo content on a fresh database', () => {
  it('publishes at least three French articles, one of them on community vs social-media managers', async () => {
    const response = await cms.http().get('/api/articles').expect(200);
    const titles = response.body.data.map((article: { title: string }) => article.title);
    expect(titles.length).toBeGreaterThanOrEqual(3);
    expect(titles).toContain('Community manager ou social media manager : quelle différence ?');
  });

  it('creates a WhatsApp job-alerts group, a WhatsApp news group and a Telegram community', async () => {
    const response = await cms.http().get('/api/community-groups').expect(200);
    const groups = response.body.data as { platform: string; inviteUrl: string; name: string }[];
    expect(groups.map((group) => group.platform)).toEqual(['whatsapp_group', 'whatsapp_group', 'telegram']);
    expect(groups[0].inviteUrl).toMatch(/^https:\/\/chat\.whatsapp\.com\//);
    expect(groups[2].inviteUrl).toMatch(/^https:\/\/t\.me\//);
  });

  it('shows the job-offers WhatsApp channel alone under the article of the Emploi category', async () => {
    const emploi = DEMO_ARTICLES.find((article) => article.category === 'Emploi');
    const response = await cms.http().get(`/api/community-groups?article=${emploi?.slug}`).expect(200);
    const groups = response.body.data as { platform: string; inviteUrl: string }[];
    expect(groups.map((group) => group.platform)).toEqual(['whatsapp_channel']);
    expect(groups[0].inviteUrl).toMatch(/^https:\/\/whatsapp\.com\/channel\//);
  });

  it('shows approved comments under the demo articles', async () => {
    const article = (await cms.http().get(`/api/articles/slug/${DEMO_ARTICLES[0].slug}`).expect(200)).body
      .data;
    const comments = await cms
      .http()
      .get(`/api/comments?filters[article][documentId][$eq]=${article.documentId}`)
      .expect(200);
    expect(comments.body.data.length).toBe(DEMO_ARTICLES[0].comments.length);
  });

  it('never duplicates itself when the CMS boots again', async () => {
    const before = await contentCounts();
    expect(await seedDemoContent(cms.strapi)).toBe('skipped');
    expect(await contentCounts()).toEqual(before);
  });

  it('leaves a database that already has content alone, even if only comments remain', async () => {
    await cms.strapi.db.query('api::article.article').deleteMany({});
    await cms.strapi.db.query('api::community-group.community-group').deleteMany({});
    const before = await contentCounts();
    expect(before.comments).toBeGreaterThan(0);
    expect(await seedDemoContent(cms.strapi)).toBe('skipped');
    expect(await contentCounts()).toEqual(before);
  });

  it('is turned off by SEED_DEMO_CONTENT=false', async () => {
    await cms.strapi.db.query('api::comment.comment').deleteMany({});
    // What SEED_DEMO_CONTENT=false sets (config/kiosque.ts), read at each call.
    cms.strapi.config.set('kiosque.seedDemoContent', false);
    try {
      expect(await seedDemoContent(cms.strapi)).toBe('skipped');
    } finally {
      cms.strapi.config.set('kiosque.seedDemoContent', true);
    }
    expect(await contentCounts()).toEqual({ articles: 0, groups: 0, comments: 0 });
  });
});

describe('public permissions', () => {
  it('are granted once, however often the bootstrap runs', async () => {
    const countPermissions = () =>
      cms.strapi.db.query('plugin::users-permissions.permission').count({
        where: { action: { $in: [...PUBLIC_ACTIONS] }, role: { type: 'public' } },
      });
    expect(await countPermissions()).toBe(PUBLIC_ACTIONS.length);
    await ensurePublicPermissions(cms.strapi);
    await ensurePublicPermissions(cms.strapi);
    expect(await countPermissions()).toBe(PUBLIC_ACTIONS.length);
  });
});
