import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN } from './admin';
import { blocking, describeViolations, runAxe } from './axe';
import { openPagePerTest, page, pageProblems } from './page-per-test';
import { ARTIFACTS_DIR, E2E_CMS_URL, E2E_WEB_URL } from './ports';

const ARTICLES_ADMIN = `${E2E_CMS_URL}/content-manager/collection-types/api::article.article`;
const DRAFT_TITLE = 'Devenir UX writer : le métier en brouillon';

let adminToken: string;

/** Signs in to the admin as the editor of the end-to-end CMS, as the admin panel does. */
async function signInToAdmin(): Promise<string> {
  const login = await fetch(`${E2E_CMS_URL}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(E2E_ADMIN),
  });
  expect(login.status).toBe(200);
  return ((await login.json()) as { data: { token: string } }).data.token;
}

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(path, {
    ...init,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}`, ...init.headers },
  });
}

/** The link the content manager's preview panel opens, moved to where the end-to-end SPA is served. */
async function previewLinkFromContentManager(documentId: string): Promise<URL> {
  const response = await admin(
    `${E2E_CMS_URL}/content-manager/preview/url/api::article.article?documentId=${documentId}&status=draft`,
  );
  expect(response.status).toBe(200);
  const link = new URL(((await response.json()) as { data: { url: string } }).data.url);
  expect(link.pathname).toBe(`/apercu/articles/${documentId}`);
  expect(link.search).toBe('');
  expect(tokenOf(link)).toMatch(/^\d+\.[\w-]{43}$/);
  // The CMS builds it on SITE_URL, which the end-to-end setup leaves at its default.
  return new URL(`${link.pathname}${link.search}${link.hash}`, E2E_WEB_URL);
}

/** The token a preview link carries in its fragment, which the browser never sends to a server. */
function tokenOf(link: URL): string {
  return new URLSearchParams(link.hash.slice(1)).get('token') ?? '';
}

/** Every request the page makes, with the headers it sent. */
function watchRequests(watched: Page): { url: string; headers: Record<string, string> }[] {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  watched.on('request', (request) => requests.push({ url: request.url(), headers: request.headers() }));
  return requests;
}

openPagePerTest({ width: 1280, height: 900 });

beforeAll(async () => {
  adminToken = await signInToAdmin();
});

describe('an editor previewing a draft', () => {
  it('opens the content manager’s preview link and sees the draft under a banner, which readers cannot reach', async () => {
    const slug = `ux-writer-brouillon-${Date.now()}`;
    const created = await admin(ARTICLES_ADMIN, {
      method: 'POST',
      body: JSON.stringify({
        title: DRAFT_TITLE,
        slug,
        excerpt: 'Écrire les mots des interfaces.',
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Le UX writer écrit les boutons.' }] }],
        commentsClosed: false,
      }),
    });
    expect(created.status).toBe(201);
    const { documentId } = ((await created.json()) as { data: { documentId: string } }).data;

    const link = await previewLinkFromContentManager(documentId);
    const token = tokenOf(link);
    const requests = watchRequests(page);
    await page.goto(link.toString());

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(DRAFT_TITLE);
    // The token left the address bar at once, went to the CMS in a header and in no address.
    expect(page.url()).toBe(`${E2E_WEB_URL}/apercu/articles/${documentId}`);
    expect(await page.evaluate(() => JSON.stringify(window.history.state))).not.toContain(token);
    const previewRequests = requests.filter(({ url }) => url.includes('/api/previews/articles/'));
    expect(previewRequests.map(({ headers }) => headers['x-preview-token'])).toEqual([token]);
    expect(requests.filter(({ url }) => url.includes(token))).toEqual([]);
    const banner = page.getByTestId('preview-banner');
    expect(await banner.getAttribute('role')).toBe('status');
    expect(await banner.textContent()).toContain('Aperçu : cet article n’est pas publié');
    expect(await page.getByText('Le UX writer écrit les boutons.').count()).toBe(1);
    expect(await page.locator('textarea[name="content"], [name="authorName"]').count()).toBe(0);
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    await page.screenshot({
      path: fileURLToPath(new URL('preview-draft.png', ARTIFACTS_DIR)),
      fullPage: true,
    });

    const violations = blocking(await runAxe(page));
    expect(violations, describeViolations(violations)).toEqual([]);

    // The same article at its public address: still a draft, so a 404 page.
    await page.goto(`${E2E_WEB_URL}/articles/${slug}`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByText(DRAFT_TITLE).count()).toBe(0);
    expect(pageProblems).toEqual([]);
  });

  it('sees a readable error when the link was tampered with', async () => {
    const created = await admin(ARTICLES_ADMIN, {
      method: 'POST',
      body: JSON.stringify({
        title: 'Brouillon au lien abîmé',
        slug: `lien-abime-${Date.now()}`,
        excerpt: 'Un lien modifié à la main.',
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Jamais affiché.' }] }],
        commentsClosed: false,
      }),
    });
    const { documentId } = ((await created.json()) as { data: { documentId: string } }).data;
    const link = await previewLinkFromContentManager(documentId);
    const token = tokenOf(link);
    link.hash = `token=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

    await page.goto(link.toString());
    const problem = page.getByTestId('preview-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('Ce lien d’aperçu n’est pas valide.');
    expect(await page.getByText('Jamais affiché.').count()).toBe(0);
    expect(pageProblems).toEqual([]);
  });

  it('reads no token from the query string, where links used to carry it', async () => {
    const created = await admin(ARTICLES_ADMIN, {
      method: 'POST',
      body: JSON.stringify({
        title: 'Brouillon au lien ancien',
        slug: `lien-ancien-${Date.now()}`,
        excerpt: 'Un lien d’avant.',
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Pas par là.' }] }],
        commentsClosed: false,
      }),
    });
    const { documentId } = ((await created.json()) as { data: { documentId: string } }).data;
    const link = await previewLinkFromContentManager(documentId);
    const requests = watchRequests(page);

    await page.goto(`${E2E_WEB_URL}${link.pathname}?token=${tokenOf(link)}`);
    const problem = page.getByTestId('preview-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('Ce lien d’aperçu n’est pas valide.');
    expect(await page.getByText('Pas par là.').count()).toBe(0);
    expect(requests.filter(({ url }) => url.includes('/api/previews/'))).toEqual([]);
    expect(pageProblems).toEqual([]);
  });
});
