import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postComment } from '../helpers/comments';
import { UNKNOWN_DOCUMENT_ID } from './attack-surface';
import { buildHostileWorld, type HostileWorld } from './hostile-world';

// The comment API from an attacker's side: posting a comment must not tell whether an e-mail belongs
// to a commenter, nor let anyone sign with it; the public list takes only the reader site's query and
// never shows what readers may not see. Here the CMS trusts its proxy (as in production), so that each
// post comes from an address of its own and no rule ties two posts of one test together.

let world: HostileWorld;
let lastAddress = 0;

beforeAll(async () => {
  world = await buildHostileWorld({ TRUST_PROXY: 'true' });
});

afterAll(async () => {
  await world?.cms.stop();
});

const wrongEmail = (email: string) => `x${email}`;

function postFromNewAddress(fields: Record<string, unknown>) {
  lastAddress += 1;
  return postComment(
    world.cms,
    world.published.documentId,
    { 'X-Forwarded-For': `203.0.113.${lastAddress}` },
    fields,
  );
}

/** What two posts can be compared on: the new comment's documentId differs by nature. */
function comparable(response: Response) {
  return {
    status: response.status,
    body: response.text.replace(/"documentId":"[A-Za-z0-9_-]+"/, '"documentId":"…"'),
  };
}

describe('posting a comment (POST /api/comments)', () => {
  it('answers a repeat of an approved comment alike whether the e-mail is its author’s or not', async () => {
    const text = { content: world.commenter.content };
    const right = await postFromNewAddress({ ...text, authorEmail: world.commenter.email });
    const wrong = await postFromNewAddress({ ...text, authorEmail: wrongEmail(world.commenter.email) });
    expect(comparable(wrong)).toEqual(comparable(right));
  });

  it('answers a new comment alike whether its e-mail is an approved commenter’s or not', async () => {
    // Two new texts, so that no rule on repeats can tell the two posts apart.
    const text = () => ({ content: `Un avis neuf ${randomBytes(4).toString('hex')}` });
    const right = await postFromNewAddress({ ...text(), authorEmail: world.commenter.email });
    const wrong = await postFromNewAddress({ ...text(), authorEmail: wrongEmail(world.commenter.email) });
    expect(comparable(wrong)).toEqual(comparable(right));
  });

  it('holds for moderation a stranger’s comment signed with an approved commenter’s e-mail', async () => {
    const content = `Je me fais passer pour un autre ${randomBytes(4).toString('hex')}`;
    const response = await postFromNewAddress({ content, authorEmail: world.commenter.email }).expect(201);
    expect(response.body.data.status).toBe('pending');
    const stored = await world.cms.strapi
      .documents('api::comment.comment')
      .findOne({ documentId: response.body.data.documentId, fields: ['moderationStatus'] });
    expect(stored?.moderationStatus).toBe('pending');
    const threads = await world.cms.http().get(`/api/articles/${world.published.documentId}/comments`);
    expect(threads.text).not.toContain(content);
  });
});

describe('the public comment list (GET /api/comments)', () => {
  const forArticle = (documentId: string) => `filters[article][documentId][$eq]=${documentId}`;

  it('takes the reader site’s query: one article, a page, oldest or newest first', async () => {
    for (const sort of ['createdAt:asc', 'createdAt:desc']) {
      const response = await world.cms
        .http()
        .get(
          `/api/comments?${forArticle(world.published.documentId)}&pagination[page]=1&pagination[pageSize]=10&sort=${sort}`,
        )
        .expect(200);
      expect(response.text).toContain(world.commenter.content);
      expect(response.text).not.toContain(world.pendingComment.content);
    }
  });

  it('never lists the comments of a draft or of a retired article, even asked by its documentId', async () => {
    const unknown = await world.cms.http().get(`/api/comments?${forArticle(UNKNOWN_DOCUMENT_ID)}`);
    for (const documentId of [world.draft.documentId, world.retired.documentId]) {
      const response = await world.cms.http().get(`/api/comments?${forArticle(documentId)}`);
      expect(response.status).toBe(unknown.status);
      expect(response.text).toBe(unknown.text);
    }
    const everything = await world.cms.http().get('/api/comments?pagination[pageSize]=100');
    expect(everything.text).not.toContain(world.draftComment.content);
    expect(everything.text).not.toContain(world.retired.commentContent);
  });

  const REFUSED: [name: string, query: string][] = [
    ['a filter on the e-mail', 'filters[authorEmail][$eq]=a%40example.org'],
    ['a filter on the text', 'filters[content][$containsi]=avis'],
    ['a filter on the article’s title', 'filters[article][title][$startsWith]=Brouillon'],
    ['another operator on the article', 'filters[article][documentId][$ne]=x'],
    ['the article’s filter inside $or', 'filters[$or][0][article][documentId][$eq]=x'],
    ['the article’s filter beside another', `filters[article][documentId][$eq]=x&filters[depth][$eq]=1`],
    ['a sort on the e-mail', 'sort=authorEmail:asc'],
    ['a sort on the creation date without direction', 'sort=createdAt'],
    ['two sorts', 'sort[0]=createdAt:asc&sort[1]=id:asc'],
    ['populate=*', 'populate=*'],
    ['a populate of the article', 'populate[article]=*'],
    ['a list of fields', 'fields[0]=content'],
    ['status=draft', 'status=draft'],
    ['a full-text search', '_q=avis'],
    ['a pagination by offset', 'pagination[start]=0&pagination[limit]=5'],
  ];

  it.each(REFUSED)('refuses %s with the same 400 as any other unsupported key', async (_name, query) => {
    const reference = await world.cms.http().get('/api/comments?filters[ipHash][$eq]=0');
    const response = await world.cms.http().get(`/api/comments?${query}`);
    expect(reference.status).toBe(400);
    expect({ status: response.status, body: response.text }).toEqual({
      status: reference.status,
      body: reference.text,
    });
  });
});
