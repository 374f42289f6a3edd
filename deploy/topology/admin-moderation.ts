/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (bulkButton's callback runs in the page: it reads the DOM.)
import { randomUUID } from 'node:crypto';
import type { Browser, ElementHandle, Locator, Page } from 'playwright-core';
import { MODERATION_API, articlePath, type CommentStatus } from '@kiosque/shared';
import { launchChromium } from '../../web/e2e/browser';
import { send } from './http';
import { ADMIN_HOST, EDITOR, type Stack } from './stack';

/*
 * The editor's moderation work in the real Strapi admin, in Chromium, through nginx: the admin the
 * topology stage builds already (deploy/topology/global-setup.ts), so these tests cost no build of
 * their own. Comments are posted by readers over the public API, from many loopback addresses (each
 * its own reader for the rate limit), and checked afterwards through the admin's API.
 */

const COMMENT_UID = 'api::comment.comment';
const COMMENT_LIST = `/admin/content-manager/collection-types/${COMMENT_UID}`;

export interface ModerationDesk {
  page: Page;
  /** Every click the editor made, counted by `click`. */
  clicks: number;
  click: (target: Locator | ElementHandle) => Promise<void>;
  /** The admin's API as this editor, for checks (never for the actions under test). */
  api: <T>(path: string, init?: { method?: string; body?: unknown }) => Promise<T>;
  /** Another tab (a reader's, on the site), closed with the desk. */
  newPage: () => Promise<Page>;
  close: () => Promise<void>;
}

let readerCount = 0;

/**
 * A reader's comment on the article (or a reply to `parent`), posted through nginx; answers its
 * documentId (pending). `fields` sets others of the form's fields (the reader's address, say).
 */
export async function postAsReader(
  stack: Stack,
  articleDocumentId: string,
  content: string,
  parent?: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  readerCount += 1;
  // 127.0.3.1 … 127.0.3.250, then 127.0.4.x: under the rate limit whatever the number of comments.
  const from = `127.0.${3 + Math.floor(readerCount / 250)}.${(readerCount % 250) + 1}`;
  const answer = await send(`${stack.front.url}/api/comments`, {
    method: 'POST',
    from,
    body: {
      data: {
        article: articleDocumentId,
        authorName: `Lectrice ${readerCount}`,
        authorEmail: `lectrice.${randomUUID()}@example.org`,
        content,
        ...(parent === undefined ? {} : { parent }),
        ...fields,
      },
    },
  });
  if (answer.status !== 202 && answer.status !== 201) {
    throw new Error(`posting a comment answered ${answer.status}: ${answer.body}`);
  }
  return answer.json<{ data: { documentId: string } }>().data.documentId;
}

/**
 * Readers' comments on the article, one per text, posted `parallel` at a time (a burst, as readers
 * arrive, without opening hundreds of connections at once); answers their documentIds in order.
 */
export async function postAllAsReaders(
  stack: Stack,
  articleDocumentId: string,
  contents: string[],
  parallel = 10,
): Promise<string[]> {
  const posted: string[] = [];
  for (let start = 0; start < contents.length; start += parallel) {
    const batch = contents.slice(start, start + parallel);
    posted.push(
      ...(await Promise.all(batch.map((content) => postAsReader(stack, articleDocumentId, content)))),
    );
  }
  return posted;
}

/** Chromium logged into the admin host as the editor, with a click counter. */
export async function openModerationDesk(stack: Stack): Promise<ModerationDesk> {
  const adminUrl = `http://${ADMIN_HOST}:${stack.front.port}`;
  const browser: Browser = await launchChromium([`--host-resolver-rules=MAP ${ADMIN_HOST} 127.0.0.1`]);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // A page of 100 rows of buttons takes a while to render on a shared machine.
  page.setDefaultTimeout(90_000);
  await page.goto(`${adminUrl}/admin`);
  await page.locator('input[name="email"]').fill(EDITOR.email);
  await page.locator('input[name="password"]').fill(EDITOR.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 30_000 });

  const login = await send(`${stack.front.url}/admin/login`, {
    method: 'POST',
    headers: { Host: ADMIN_HOST },
    body: EDITOR,
  });
  if (login.status !== 200) throw new Error(`the editor's login answered ${login.status}: ${login.body}`);
  const token = login.json<{ data: { token: string } }>().data.token;

  const desk: ModerationDesk = {
    page,
    clicks: 0,
    async click(target) {
      await target.click();
      desk.clicks += 1;
    },
    async api<T>(path: string, init: { method?: string; body?: unknown } = {}) {
      const answer = await send(`${stack.front.url}${path}`, {
        method: init.method ?? 'GET',
        headers: { Host: ADMIN_HOST, Authorization: `Bearer ${token}` },
        body: init.body,
      });
      if (answer.status >= 300) throw new Error(`${path} answered ${answer.status}: ${answer.body}`);
      return answer.json<T>();
    },
    newPage: () => browser.newPage(),
    close: () => browser.close(),
  };
  return desk;
}

/** What a quick filter above the comment list says, « En attente (12) »: its count. */
export async function quickFilterCount(page: Page, status: CommentStatus | 'all'): Promise<number> {
  const text = await page.locator(`[data-status-filter="${status}"]`).innerText();
  const count = text.match(/\((\d+)\)/)?.[1];
  if (count === undefined) throw new Error(`no count yet in « ${text} »`);
  return Number(count);
}

/** The comment list as the editor opens it, filtered on pending comments and/or a text search. */
export function commentListUrl(stack: Stack, options: { pending?: boolean; search?: string } = {}): string {
  const query = new URLSearchParams({ page: '1', pageSize: '100', sort: 'createdAt:ASC' });
  if (options.pending) query.set('filters[$and][0][moderationStatus][$eq]', 'pending');
  if (options.search) query.set('_q', options.search);
  return `http://${ADMIN_HOST}:${stack.front.port}${COMMENT_LIST}?${query.toString()}`;
}

export async function statusesOf(desk: ModerationDesk, documentIds: string[]): Promise<CommentStatus[]> {
  return Promise.all(
    documentIds.map(async (documentId) => {
      const answer = await desk.api<{ data: { moderationStatus: CommentStatus } }>(
        `/content-manager/collection-types/${COMMENT_UID}/${documentId}`,
      );
      return answer.data.moderationStatus;
    }),
  );
}

export async function pendingCount(desk: ModerationDesk): Promise<number> {
  return (await desk.api<{ data: { pending: number } }>(MODERATION_API.pendingCount)).data.pending;
}

/** The rows of the list shown now (the header row left out). */
export function listRows(page: Page): Locator {
  return page.locator('tbody tr');
}

/** The site's article page, as a reader opens it (through nginx, on the public host). */
export function articleUrl(stack: Stack, slug: string): string {
  return `${stack.front.url}${articlePath(slug)}`;
}

/**
 * A bulk action's button, above the list: the button whose text is the label outside the table (each
 * row has one with the same text). Found in the page rather than with a text locator, which does not
 * single it out among a hundred rows here; clicked as a user clicks it.
 */
export async function bulkButton(page: Page, label: string): Promise<ElementHandle<HTMLButtonElement>> {
  const button = await page.waitForFunction(
    (text) =>
      [...document.querySelectorAll('button')].find(
        (candidate) =>
          !candidate.closest('tbody') && candidate.innerText.trim() === text && !candidate.disabled,
      ) ?? false,
    label,
  );
  return button as ElementHandle<HTMLButtonElement>;
}
