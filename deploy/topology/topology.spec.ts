import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_SECURITY_HEADERS,
  compareVariants,
  dashboardCsv,
  type GrowthDashboard,
  EDITORIAL_AUTHOR_NAME,
  EDITORIAL_BADGE,
  MODERATION_API,
} from '@kiosque/shared';
import { eventually } from '../../cms/tests/helpers/smtp';
import { launchChromium } from '../../web/e2e/browser';
import { securityHeaders } from '../../web/server/server';
import { uploadHeaders } from '../../web/server/site';
import { NGINX } from '../nginx-harness';
import {
  articleUrl,
  bulkButton,
  commentListUrl,
  listRows,
  openModerationDesk,
  pendingCount,
  postAllAsReaders,
  postAsReader,
  quickFilterCount,
  statusesOf,
  type ModerationDesk,
} from './admin-moderation';
import { createGroupAsEditor, createPoolAsEditor, manyReaders, type Created } from './growth';
import { send, type Answer } from './http';
import { ADMIN_HOST, EDITOR, MAIL_POLL_MS, RESPONSE_CACHE_SYNC_MS, startStack, type Stack } from './stack';

/*
 * docker-compose.yml's topology, natively (stack.ts), exercised through nginx only, as readers and
 * editors reach it. The last test kills one CMS instance.
 */

const ARTICLE_UID = 'api::article.article';
const COMMENT_UID = 'api::comment.comment';

interface Article {
  documentId: string;
  slug: string;
  title: string;
  cover?: { url: string } | null;
}

/** The headers an answer must carry, once each (a header sent twice would read "a, b"). */
function expectHeaders(answer: Answer, expected: Record<string, string>, where: string): void {
  for (const [name, value] of Object.entries(expected)) {
    expect(answer.headers[name.toLowerCase()], `${name} on ${where}`).toBe(value);
  }
}

function comment(article: string, marker: string) {
  return {
    data: {
      article,
      authorName: 'Lecteur de passage',
      authorEmail: `lecteur.${randomUUID()}@example.org`,
      content: `${marker} — un avis posé pendant l’essai ${randomUUID()}`,
    },
  };
}

if (NGINX === undefined) {
  describe('the production topology', () => {
    it('runs behind Debian’s nginx', () => {
      throw new Error('nginx is missing: apt-get install -y nginx-light');
    });
  });
} else {
  describe('the production topology, through nginx only', () => {
    let stack: Stack;
    let front: string;
    let articles: Article[];
    // One editor in Chromium for every admin test of the stage: each login counts against the admin
    // host's rate limit (deploy/nginx.conf.template), which a desk per test would run into.
    let editorDesk: Promise<ModerationDesk> | undefined;
    const openEditorDesk = () => (editorDesk ??= openModerationDesk(stack));
    const admin = (path: string) => `${front}${path}`;
    const adminHeaders = (token?: string): Record<string, string> => ({
      Host: ADMIN_HOST,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    });

    beforeAll(async () => {
      const started = Date.now();
      stack = await startStack();
      front = stack.front.url;
      console.log(`[topology] two CMS instances, the page server and nginx up in ${Date.now() - started} ms`);
      articles = (await send(`${front}/api/articles?pagination[page]=1&pagination[pageSize]=20`)).json<{
        data: Article[];
      }>().data;
      expect(articles.length).toBeGreaterThan(1);
    });

    afterAll(async () => {
      await (await editorDesk)?.close();
      await stack?.stop();
    });

    it('serves reader pages, feeds, the API and uploads with the security headers', async () => {
      const [article] = articles;
      // Pages and feeds from the page server, through nginx.
      for (const path of ['/', `/articles/${article.slug}`, '/rss.xml', '/sitemap.xml']) {
        const answer = await send(`${front}${path}`);
        expect(answer.status, path).toBe(200);
        expectHeaders(answer, securityHeaders(), path);
      }
      expect((await send(`${front}/articles/${article.slug}`)).body).toContain(article.title.slice(0, 20));
      expect((await send(`${front}/rss.xml`)).body).toContain(`/articles/${article.slug}`);
      // The API from either CMS instance: nginx's own headers (deploy/security-headers.conf, the same).
      for (const path of [
        '/api/articles',
        `/api/articles/slug/${article.slug}`,
        `/api/pages/article/${article.slug}`,
      ]) {
        const answer = await send(`${front}${path}`);
        expect(answer.status, path).toBe(200);
        expectHeaders(answer, securityHeaders(), path);
      }
      // An upload (a demo cover), sandboxed.
      const cover = articles.find((candidate) => candidate.cover)?.cover;
      expect(cover, 'a demo article with a cover').toBeTruthy();
      const upload = await send(`${front}${cover!.url}`);
      expect(upload.status).toBe(200);
      expect(upload.headers['content-type']).toMatch(/^image\//);
      expectHeaders(
        upload,
        { ...BASE_SECURITY_HEADERS, ...uploadHeaders(upload.headers['content-type']) },
        cover!.url,
      );
    });

    it('lets an editor in through the admin host, framed by no one and never cached', async () => {
      const login = await send(admin('/admin/login'), {
        method: 'POST',
        headers: adminHeaders(),
        body: EDITOR,
      });
      expect(login.status).toBe(200);
      expect(login.json<{ data: { token: string } }>().data.token).toEqual(expect.any(String));
      for (const answer of [login, await send(admin('/admin'), { headers: adminHeaders() })]) {
        expect(answer.headers['x-frame-options']).toBe('DENY');
        expect(answer.headers['cache-control']).toBe('no-store');
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
        expect(String(answer.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      }
      // The admin host is the admin only; the reader host has no admin.
      expect((await send(admin('/api/articles'), { headers: adminHeaders() })).status).toBe(404);
      expect((await send(`${front}/admin/login`, { method: 'POST', body: EDITOR })).status).not.toBe(200);
    });

    it('counts the admin’s failed logins on the editor’s real address, whatever X-Forwarded-For says', async () => {
      const attempt = (from: string, password: string, n: number) =>
        send(admin('/admin/login'), {
          method: 'POST',
          from,
          headers: { ...adminHeaders(), 'X-Forwarded-For': `203.0.113.${n}`, 'X-Real-IP': `203.0.113.${n}` },
          body: { email: EDITOR.email, password },
        });
      // Strapi allows 5 attempts per e-mail and address, counted by each instance: 12 reach both limits.
      const statuses: number[] = [];
      for (let n = 1; n <= 12; n += 1)
        statuses.push((await attempt('127.0.0.4', 'pas-le-bon-mot-de-passe', n)).status);
      console.log(`[topology] 12 failed admin logins from one address: ${statuses.join(' ')}`);
      expect(statuses.slice(-2)).toEqual([429, 429]);
      // The editor, from their own address, is not locked out by someone else's attempts.
      expect((await attempt('127.0.0.5', EDITOR.password, 99)).status).toBe(200);
    });

    it('shows the admin’s login page in Chromium through nginx, with no console error', async () => {
      const browser = await launchChromium([`--host-resolver-rules=MAP ${ADMIN_HOST} 127.0.0.1`]);
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        const elsewhere = new Set<string>();
        page.on('console', (message) => {
          if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        // The admin asks a few addresses on the internet (Strapi's marketplace and news), which this
        // machine cannot reach; everything it asks its own host must answer.
        page.on('requestfailed', (request) => {
          const url = new URL(request.url());
          if (url.hostname === ADMIN_HOST) problems.push(`${request.url()}: ${request.failure()?.errorText}`);
          else elsewhere.add(url.origin);
        });
        page.on('response', (response) => {
          if (new URL(response.url()).hostname === ADMIN_HOST && response.status() >= 400) {
            problems.push(`${response.url()}: ${response.status()}`);
          }
        });
        await page.goto(`http://${ADMIN_HOST}:${stack.front.port}/admin`);
        await page.locator('input[name="email"]').waitFor({ timeout: 30_000 });
        await page.locator('input[name="email"]').fill(EDITOR.email);
        await page.locator('input[name="password"]').fill(EDITOR.password);
        await page.locator('button[type="submit"]').click();
        await page.waitForURL(/\/admin(\/)?$/, { timeout: 30_000 });
        await page
          .getByText(/Hello|Bonjour|Welcome/i)
          .first()
          .waitFor({ timeout: 30_000 });
        console.log(
          `[topology] the admin, logged in through nginx; not reachable from here: ${[...elsewhere].join(', ') || 'none'}`,
        );
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    it('publishes an editor’s change, which the other instance serves within RESPONSE_CACHE_SYNC_MS', async () => {
      const token = (
        await send(admin('/admin/login'), { method: 'POST', headers: adminHeaders(), body: EDITOR })
      ).json<{ data: { token: string } }>().data.token;
      const [, article] = articles;
      const readFrom = async (url: string) =>
        (await send(`${url}/api/articles/slug/${article.slug}`)).json<{ data: { title: string } }>().data
          .title;
      // Both instances have the old version cached.
      for (const instance of stack.cms) expect(await readFrom(instance.url)).toBe(article.title);

      const title = `${article.title} (mis à jour)`;
      const path = `/content-manager/collection-types/${ARTICLE_UID}/${article.documentId}`;
      const edited = await send(admin(path), {
        method: 'PUT',
        headers: adminHeaders(token),
        body: { title },
      });
      expect(edited.status, edited.body).toBe(200);
      const published = await send(admin(`${path}/actions/publish`), {
        method: 'POST',
        headers: adminHeaders(token),
        body: { title },
      });
      expect(published.status, published.body).toBe(200);
      const publishedAt = Date.now();

      const delays: Record<string, number> = {};
      await Promise.all(
        stack.cms.map(async (instance) => {
          while ((await readFrom(instance.url)) !== title) {
            if (Date.now() - publishedAt > RESPONSE_CACHE_SYNC_MS + 5000) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          delays[instance.name] = Date.now() - publishedAt;
        }),
      );
      console.log(
        `[topology] the published title served by A after ${delays.A} ms, by B after ${delays.B} ms ` +
          `(RESPONSE_CACHE_SYNC_MS=${RESPONSE_CACHE_SYNC_MS})`,
      );
      for (const instance of stack.cms) expect(await readFrom(instance.url)).toBe(title);
      // Within one sync period, plus the time a poll takes on a busy machine.
      expect(Math.max(delays.A, delays.B)).toBeLessThanOrEqual(RESPONSE_CACHE_SYNC_MS + 500);
      // And readers see it through the front.
      expect(
        (await send(`${front}/api/articles/slug/${article.slug}`)).json<{ data: { title: string } }>().data
          .title,
      ).toBe(title);
    });

    it('counts the comment rate limit on the reader’s real address, whatever X-Forwarded-For says', async () => {
      const [article] = articles;
      const statuses: number[] = [];
      for (let n = 0; n < 7; n += 1) {
        const answer = await send(`${front}/api/comments`, {
          method: 'POST',
          from: '127.0.0.2',
          // A new forged address each time: were it believed, no limit would ever be reached.
          headers: { 'X-Forwarded-For': `203.0.113.${n + 1}`, 'X-Real-IP': `203.0.113.${n + 1}` },
          body: comment(article.documentId, 'limite'),
        });
        statuses.push(answer.status);
      }
      expect(
        statuses.slice(0, 5).every((status) => status >= 200 && status < 300),
        String(statuses),
      ).toBe(true);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const other = await send(`${front}/api/comments`, {
        method: 'POST',
        from: '127.0.0.3',
        body: comment(article.documentId, 'limite'),
      });
      expect(other.status).toBeGreaterThanOrEqual(200);
      expect(other.status).toBeLessThan(300);
    });

    describe('an editor moderating comments in the admin, in Chromium', () => {
      let desk: ModerationDesk;
      const mark = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;
      const SELECT_ALL = /^(Select all entries|Sélectionner toutes les entrées)$/;
      const ROW_MENU = /^(Row actions|Ligne d'actions)$/;
      // Generous: the admin renders 100 rows of buttons, and CI machines are shared.
      const UI_TIMEOUT = 90_000;
      const UI_TEST_TIMEOUT = 240_000;

      beforeAll(async () => {
        desk = await openEditorDesk();
      });

      it(
        'approves a comment from the list in one click, and rejects one with the keyboard',
        async () => {
          const marker = mark('un-clic');
          const [approved, rejected] = [
            await postAsReader(
              stack,
              articles[0].documentId,
              `${marker} : merci pour ces conseils d’entretien.`,
            ),
            await postAsReader(stack, articles[0].documentId, `${marker} : je ne suis pas d’accord du tout.`),
          ];
          expect(await statusesOf(desk, [approved, rejected])).toEqual(['pending', 'pending']);
          await desk.page.goto(commentListUrl(stack, { search: marker }));
          const row = (text: string) => listRows(desk.page).filter({ hasText: text });
          await row('conseils').waitFor();
          const clicksBefore = desk.clicks;

          await desk.click(row('conseils').getByRole('button', { name: /^Approuver le commentaire/ }));
          await expect
            .poll(() => statusesOf(desk, [approved]), { timeout: UI_TIMEOUT })
            .toEqual(['approved']);
          expect(desk.clicks - clicksBefore).toBe(1);
          // The row says it, and the editor is still on the list.
          await expect
            .poll(
              () =>
                row('conseils')
                  .getByRole('button', { name: /^Approuver le commentaire/ })
                  .isDisabled(),
              { timeout: UI_TIMEOUT },
            )
            .toBe(true);

          await row('pas d’accord')
            .getByRole('button', { name: /^Rejeter le commentaire/ })
            .focus();
          await desk.page.keyboard.press('Enter');
          await expect
            .poll(() => statusesOf(desk, [rejected]), { timeout: UI_TIMEOUT })
            .toEqual(['rejected']);
          expect(new URL(desk.page.url()).pathname).toMatch(/api::comment\.comment$/);
        },
        UI_TEST_TIMEOUT,
      );

      it(
        'marks a selection of comments as spam with one bulk action',
        async () => {
          const marker = mark('spam');
          const ids = await postAllAsReaders(
            stack,
            articles[0].documentId,
            [1, 2, 3].map((n) => `${marker} n°${n} : gagnez de l’argent sans rien faire`),
          );
          expect(await statusesOf(desk, ids)).toEqual(['pending', 'pending', 'pending']);
          await desk.page.goto(commentListUrl(stack, { search: marker }));
          const rows = listRows(desk.page).filter({ hasText: marker });
          await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(3);

          await desk.click(desk.page.getByRole('checkbox', { name: SELECT_ALL }));
          await desk.click(await bulkButton(desk.page, 'Spam'));

          await expect
            .poll(() => statusesOf(desk, ids), { timeout: UI_TIMEOUT })
            .toEqual(['spam', 'spam', 'spam']);
        },
        UI_TEST_TIMEOUT,
      );

      it(
        'replies as the editorial team from the list, and readers see the answer with its badge',
        async () => {
          const article = articles[articles.length - 1];
          const marker = mark('question');
          const question = await postAsReader(
            stack,
            article.documentId,
            `${marker} : faut-il une lettre de motivation pour un stage ?`,
          );
          await desk.api(MODERATION_API.moderate, {
            method: 'POST',
            body: { documentIds: [question], status: 'approved' },
          });
          const answer = `Oui, courte et adaptée à l’entreprise (${marker}).`;
          await desk.page.goto(commentListUrl(stack, { search: marker }));
          const row = listRows(desk.page).filter({ hasText: marker });
          await row.waitFor();

          await desk.click(row.getByRole('button', { name: ROW_MENU }));
          await desk.click(desk.page.getByRole('menuitem', { name: 'Répondre au nom de la rédaction' }));
          const dialog = desk.page.getByRole('dialog');
          await dialog.getByRole('textbox').fill(answer);
          await desk.click(dialog.getByRole('button', { name: 'Publier la réponse' }));
          await dialog.waitFor({ state: 'hidden' });

          const reader = await desk.newPage();
          try {
            await reader.goto(articleUrl(stack, article.slug));
            const reply = reader.locator('[data-testid="comment"]').filter({ hasText: answer });
            await reply.waitFor({ timeout: UI_TIMEOUT });
            expect(await reply.locator('.comment__author').innerText()).toBe(EDITORIAL_AUTHOR_NAME);
            // What a screen reader reads (the first words are visually hidden: innerText would split
            // them off onto a line of their own, as the hidden span is taken out of the flow).
            const badge = await reply.locator('[data-testid="editorial-badge"]').textContent();
            expect(badge?.replace(/\s+/g, ' ').trim()).toBe(`Réponse de la ${EDITORIAL_BADGE}`);
            expect(await reply.getAttribute('data-depth')).toBe('2');
          } finally {
            await reader.close();
          }
        },
        UI_TEST_TIMEOUT,
      );

      it(
        'shows the article of each comment by its title, linked to the article’s edit view',
        async () => {
          const [first, second] = articles;
          const marker = mark('article');
          await postAsReader(stack, first.documentId, `${marker}-un : sur le premier article.`);
          await postAsReader(stack, second.documentId, `${marker}-deux : sur le second article.`);
          await desk.page.goto(commentListUrl(stack, { search: marker }));
          const articleOf = (text: string) =>
            listRows(desk.page).filter({ hasText: text }).locator('[data-article-link]');
          await articleOf(`${marker}-un`).waitFor({ timeout: UI_TIMEOUT });

          // Their titles as they are now: an earlier test of this stage edits and republishes one.
          const titleNow = async (slug: string) =>
            (await send(`${stack.cms[0].url}/api/articles/slug/${slug}`)).json<{ data: { title: string } }>()
              .data.title;
          expect(await articleOf(`${marker}-un`).innerText()).toBe(await titleNow(first.slug));
          expect(await articleOf(`${marker}-deux`).innerText()).toBe(await titleNow(second.slug));
          expect(await articleOf(`${marker}-deux`).getAttribute('href')).toBe(
            `/admin/content-manager/collection-types/${ARTICLE_UID}/${second.documentId}`,
          );
          await desk.click(articleOf(`${marker}-deux`));
          await desk.page.waitForURL(new RegExp(`${ARTICLE_UID}/${second.documentId}`));
        },
        UI_TEST_TIMEOUT,
      );

      it(
        'opens the thread of a reply in a dialog, with the comment it answers and its own replies, and approves one in one click',
        async () => {
          const article = articles[0];
          const marker = mark('fil');
          const question = await postAsReader(
            stack,
            article.documentId,
            `${marker} : la question de départ.`,
          );
          await desk.api(MODERATION_API.moderate, {
            method: 'POST',
            body: { documentIds: [question], status: 'approved' },
          });
          const answer = await postAsReader(stack, article.documentId, `${marker} : une réponse.`, question);
          await desk.api(MODERATION_API.moderate, {
            method: 'POST',
            body: { documentIds: [answer], status: 'approved' },
          });
          const follow = await postAsReader(
            stack,
            article.documentId,
            `${marker} : une suite, en attente.`,
            answer,
          );
          expect(await statusesOf(desk, [question, answer, follow])).toEqual([
            'approved',
            'approved',
            'pending',
          ]);
          await desk.page.goto(commentListUrl(stack, { search: marker }));
          const row = listRows(desk.page).filter({ hasText: `${marker} : une réponse` });
          await row.waitFor({ timeout: UI_TIMEOUT });
          const pendingBefore = await pendingCount(desk);
          await expect
            .poll(() => quickFilterCount(desk.page, 'pending'), { timeout: UI_TIMEOUT })
            .toBe(pendingBefore);
          const approvedBefore = await quickFilterCount(desk.page, 'approved');

          await desk.click(row.getByRole('button', { name: /^Fil du commentaire de / }));
          const dialog = desk.page.getByRole('dialog');
          const thread = dialog.getByTestId('comment-thread');
          await thread.waitFor({ timeout: UI_TIMEOUT });
          const roles = await thread
            .locator('[data-thread-comment]')
            .evaluateAll((items) =>
              items.map((item) => [
                item.getAttribute('data-thread-role'),
                item.getAttribute('data-thread-comment'),
              ]),
            );
          expect(roles).toEqual([
            ['parent', question],
            ['self', answer],
            ['reply', follow],
          ]);
          expect(await thread.innerText()).toContain(article.title);
          const followItem = thread.locator(`[data-thread-comment="${follow}"]`);
          expect(await followItem.innerText()).toContain('une suite, en attente');
          // textContent: the badge is shown in capitals, its text is not.
          expect(await followItem.locator('[data-thread-status]').textContent()).toBe('En attente');

          const clicksBefore = desk.clicks;
          await desk.click(followItem.getByRole('button', { name: /^Approuver le commentaire/ }));
          await expect.poll(() => statusesOf(desk, [follow]), { timeout: UI_TIMEOUT }).toEqual(['approved']);
          expect(desk.clicks - clicksBefore).toBe(1);
          // The dialog and the counts above the list say it, without a reload.
          await expect
            .poll(() => followItem.locator('[data-thread-status]').textContent(), { timeout: UI_TIMEOUT })
            .toBe('Approuvé');
          await expect
            .poll(() => quickFilterCount(desk.page, 'approved'), { timeout: UI_TIMEOUT })
            .toBe(approvedBefore + 1);
          expect(await quickFilterCount(desk.page, 'pending')).toBe(pendingBefore - 1);
          await desk.page.keyboard.press('Escape');
          await dialog.waitFor({ state: 'hidden' });
          expect(new URL(desk.page.url()).pathname).toMatch(/api::comment\.comment$/);
        },
        UI_TEST_TIMEOUT,
      );

      it(
        'opens the comment list on the pending comments, and shows the others from its quick filters',
        async () => {
          await postAsReader(stack, articles[0].documentId, `${mark('ouverture')} : en attente.`);
          await desk.page.goto(
            `http://${ADMIN_HOST}:${stack.front.port}/admin/content-manager/collection-types/${COMMENT_UID}`,
          );
          const pendingFilter = desk.page.locator('[data-status-filter="pending"]');
          await expect
            .poll(() => pendingFilter.getAttribute('aria-current'), { timeout: UI_TIMEOUT })
            .toBe('page');
          const url = new URL(desk.page.url());
          expect(url.searchParams.get('filters[$and][0][moderationStatus][$eq]')).toBe('pending');
          expect(url.searchParams.get('sort')).toBe('createdAt:ASC');
          await expect
            .poll(() => quickFilterCount(desk.page, 'pending'), { timeout: UI_TIMEOUT })
            .toBe(await pendingCount(desk));
          // Every status in the queue's order, then all of them.
          const order = await desk.page
            .locator('[data-status-filter]')
            .evaluateAll((items) => items.map((item) => item.getAttribute('data-status-filter')));
          expect(order).toEqual(['pending', 'approved', 'spam', 'rejected', 'all']);

          await desk.click(desk.page.locator('[data-status-filter="spam"]'));
          await expect
            .poll(() => new URL(desk.page.url()).searchParams.get('filters[$and][0][moderationStatus][$eq]'))
            .toBe('spam');
          const spam = await quickFilterCount(desk.page, 'spam');
          await expect
            .poll(
              async () =>
                Number(
                  (
                    await desk.page.getByText(/^\d+ (entries|entry|entrées?) (found|trouvées?)$/).innerText()
                  ).match(/\d+/)?.[0],
                ),
              { timeout: UI_TIMEOUT },
            )
            .toBe(spam);
        },
        UI_TEST_TIMEOUT,
      );

      it(
        'clears a queue of 200 pending comments without opening one, and says how long it took and how many clicks',
        async () => {
          const marker = mark('file');
          const posted = await postAllAsReaders(
            stack,
            articles[0].documentId,
            Array.from(
              { length: 200 },
              (_, n) => `${marker} n°${n + 1} : une question sur les salaires en alternance.`,
            ),
          );
          const queue = await pendingCount(desk);
          expect(queue).toBeGreaterThanOrEqual(200);

          const started = Date.now();
          desk.clicks = 0;
          await desk.page.goto(`http://${ADMIN_HOST}:${stack.front.port}/admin`);
          const widget = desk.page.getByTestId('pending-comments');
          await widget.waitFor({ timeout: UI_TIMEOUT });
          expect(await widget.innerText()).toContain(String(queue));
          await desk.click(widget.getByRole('link', { name: 'Les modérer' }));

          const rows = listRows(desk.page).filter({ has: desk.page.getByRole('checkbox') });
          await rows.first().waitFor({ timeout: UI_TIMEOUT });
          // What the list says above the rows: « 200 entries found ».
          const remaining = async () =>
            Number(
              (
                await desk.page.getByText(/^\d+ (entries|entry|entrées?) (found|trouvées?)$/).innerText()
              ).match(/\d+/)?.[0],
            );
          let pages = 0;
          while (pages < 10) {
            const before = await remaining();
            if (before === 0) break;
            await desk.click(desk.page.getByRole('checkbox', { name: SELECT_ALL }));
            await desk.click(await bulkButton(desk.page, 'Approuver'));
            pages += 1;
            // The list reloads with the comments still pending: the next page of the queue, or none.
            await expect.poll(remaining, { timeout: UI_TIMEOUT }).toBeLessThan(before);
          }
          const elapsed = Date.now() - started;
          console.log(
            `[topology] moderation: a queue of ${queue} pending comments cleared in the admin in ` +
              `${(elapsed / 1000).toFixed(1)} s with ${desk.clicks} clicks (${pages} pages of up to 100), no comment opened`,
          );

          expect(await pendingCount(desk)).toBe(0);
          const approved = await desk.api<{ pagination: { total: number } }>(
            `/content-manager/collection-types/api::comment.comment?page=1&pageSize=1&_q=${marker}` +
              '&filters[$and][0][moderationStatus][$eq]=approved',
          );
          expect(approved.pagination.total).toBe(posted.length);
          // The widget's link, then two clicks a page of 100.
          expect(desk.clicks).toBe(1 + 2 * Math.ceil(queue / 100));
        },
        UI_TEST_TIMEOUT,
      );
    });

    describe('the newsroom’s mail and a reader’s privacy request, in Chromium', () => {
      let desk: ModerationDesk;
      const SETTINGS = '/content-manager/single-types/api::comment-setting.comment-setting';
      const MODERATORS = ['moderation@kiosque.test', 'seconde.moderatrice@kiosque.test'];
      // What the admin's API answers besides the fields an editor sets.
      const SYSTEM_FIELDS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale']);
      SYSTEM_FIELDS.add('createdBy').add('updatedBy');
      const UI_TIMEOUT = 90_000;
      const UI_TEST_TIMEOUT = 240_000;
      const mark = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;

      /** The comment settings changed as an editor saves them: read, merged, written whole. */
      async function changeCommentSettings(changes: Record<string, unknown>): Promise<void> {
        const current = await desk
          .api<{ data: Record<string, unknown> }>(SETTINGS)
          .catch(() => ({ data: {} as Record<string, unknown> }));
        const fields = Object.fromEntries(
          Object.entries(current.data).filter(([name]) => !SYSTEM_FIELDS.has(name)),
        );
        await desk.api(SETTINGS, { method: 'PUT', body: { ...fields, ...changes } });
        // Both instances keep the settings until the content version moves: seen within a sync.
        await new Promise((resolve) => setTimeout(resolve, 2 * RESPONSE_CACHE_SYNC_MS + 500));
      }

      const recipientOf = (message: ParsedMail) =>
        (Array.isArray(message.to) ? message.to : [message.to]).map((to) => to?.text ?? '').join(', ');

      /** The tables with rows that name the reader (by their address's unique part, or their name). */
      async function tablesNaming(reader: string): Promise<string[]> {
        const tables = await stack.database.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        );
        const holding: string[] = [];
        for (const { table_name: table } of tables.rows) {
          const found = await stack.database.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${table}" t WHERE t::text ILIKE $1 OR t::text ILIKE $2`,
            [`%${reader}%`, '%Awa Traor%'],
          );
          if (found.rows[0].n > 0) holding.push(`${table} (${found.rows[0].n})`);
        }
        return holding.sort();
      }

      beforeAll(async () => {
        desk = await openEditorDesk();
      });

      it(
        'mails each moderator once about a held comment; the approve link changes nothing when opened, approves from its button once, and is refused after',
        async () => {
          await changeCommentSettings({ moderatorEmails: MODERATORS.join('\n'), moderatorDigestMinutes: 0 });
          try {
            const marker = mark('courriel');
            const content = `${marker} : faut-il relancer un recruteur après une semaine ?`;
            const held = await postAsReader(stack, articles[0].documentId, content);
            const about = () => stack.smtp.received.filter((message) => message.text?.includes(marker));
            await eventually('a mail to each moderator', () => about().length >= 2, 30_000);
            // Two instances poll one outbox: a mail sent twice would arrive within a few rounds.
            await new Promise((resolve) => setTimeout(resolve, 10 * MAIL_POLL_MS + 1000));
            const mails = about();
            expect(mails.map(recipientOf).sort()).toEqual([...MODERATORS].sort());
            const links = mails.map((message) =>
              [...(message.text ?? '').matchAll(/(http:\/\/\S+\/api\/mail\/moderation\/approve\S*)/g)].map(
                (match) => match[1],
              ),
            );
            expect(links.map((found) => found.length)).toEqual([1, 1]);
            const [[approve], [otherModerators]] = links;
            expect(new URL(approve).origin).toBe(stack.front.url);

            const browser = await launchChromium();
            try {
              const page = await browser.newPage();
              // Opening the link, as a mail scanner does, asks first and changes nothing.
              const opened = await page.goto(approve);
              expect(opened?.status()).toBe(200);
              expect(await page.locator('h1').innerText()).toBe('Approuver ce commentaire');
              expect(await page.locator('body').innerText()).toContain(content);
              expect(await statusesOf(desk, [held])).toEqual(['pending']);

              const posted = page.waitForResponse((answer) => answer.request().method() === 'POST');
              await page.getByRole('button', { name: 'Approuver ce commentaire' }).click();
              expect((await posted).status()).toBe(200);
              await page.locator('h1', { hasText: 'Commentaire approuvé' }).waitFor({ timeout: UI_TIMEOUT });
              expect(await statusesOf(desk, [held])).toEqual(['approved']);

              // The second time, from the same mail: refused, with a page that says why.
              const again = await page.goto(approve);
              expect(again?.status()).toBe(409);
              expect(await page.locator('h1').innerText()).toBe('Lien déjà utilisé');
              expect(await page.getByRole('button').count()).toBe(0);
              // The other moderator's link, and a POST that skips the page, change nothing either.
              expect((await page.goto(otherModerators))?.status()).toBe(409);
              expect((await send(approve, { method: 'POST' })).status).toBe(409);
              expect((await send(otherModerators, { method: 'POST' })).status).toBe(409);
              expect(await statusesOf(desk, [held])).toEqual(['approved']);
            } finally {
              await browser.close();
            }
          } finally {
            await changeCommentSettings({ moderatorEmails: '' });
          }
        },
        UI_TEST_TIMEOUT,
      );

      it(
        'exports a reader’s comments from « Données personnelles » as a file, then erases them once confirmed: the site signs them « Anonyme », no table keeps the address',
        async () => {
          const article = articles[1];
          const reader = randomUUID();
          const email = `awa.${reader}@example.org`;
          const marker = mark('vie-privee');
          const contents = [`${marker} : mon premier avis.`, `${marker} : et un second, plus tard.`];
          const fields = {
            authorName: 'Awa Traoré',
            authorEmail: email,
            authorWebsite: `https://awa-${reader}.example.org`,
            notifyReplies: true,
          };
          const ids = [];
          for (const content of contents) {
            ids.push(await postAsReader(stack, article.documentId, content, undefined, fields));
          }
          await desk.api(MODERATION_API.moderate, {
            method: 'POST',
            body: { documentIds: ids, status: 'approved' },
          });
          // The address asked for reply notifications: the outbox holds its confirmation mail too.
          await eventually('the confirmation mail', () => stack.smtp.to(email).length > 0, 30_000);

          const page = desk.page;
          // The form's own outcome (the admin has a live region of its own with the same role).
          const outcome = page.locator('form').getByRole('status');
          await page.goto(`http://${ADMIN_HOST}:${stack.front.port}/admin/donnees-personnelles`);
          const address = page.getByLabel('Adresse e-mail du lecteur');
          await address.waitFor({ timeout: UI_TIMEOUT });
          await address.fill(email);
          const download = page.waitForEvent('download');
          await page.getByRole('button', { name: 'Exporter ses commentaires' }).click();
          const file = await (await download).path();
          const exported = JSON.parse(readFileSync(file, 'utf8')) as {
            email: string;
            comments: { documentId: string; content: string; authorName: string; article: string }[];
          };
          expect(exported.email).toBe(email);
          expect(exported.comments.map((comment) => comment.documentId).sort()).toEqual([...ids].sort());
          expect(exported.comments.map((comment) => comment.content).sort()).toEqual([...contents].sort());
          expect(exported.comments.every((comment) => comment.authorName === 'Awa Traoré')).toBe(true);
          await expect
            .poll(() => outcome.innerText(), { timeout: UI_TIMEOUT })
            .toBe('2 commentaire(s) exporté(s) dans kiosque-commentaires.json.');

          // Before: the comments, the subscription and the confirmation mail name the reader.
          const before = await tablesNaming(reader);
          expect(before).toContain('comments (2)');
          expect(before.length).toBeGreaterThan(1);

          // The erasure asks first: nothing changes until the editor confirms.
          await page.getByRole('button', { name: 'Effacer ses informations…' }).click();
          const confirmation = page.getByRole('alertdialog');
          await confirmation.waitFor({ timeout: UI_TIMEOUT });
          expect(await confirmation.innerText()).toContain(email);
          const exportedAgain = await desk.api<{ comments: unknown[] }>('/admin/kiosque/privacy/export', {
            method: 'POST',
            body: { email },
          });
          expect(exportedAgain.comments).toHaveLength(2);
          await confirmation.getByRole('button', { name: 'Oui, effacer définitivement' }).click();
          await expect
            .poll(() => outcome.innerText(), { timeout: UI_TIMEOUT })
            .toBe('2 commentaire(s) désormais signé(s) « Anonyme ». L’adresse est effacée.');

          // The site keeps the thread, signed « Anonyme ».
          const site = await desk.newPage();
          try {
            const authors = async () => {
              await site.goto(articleUrl(stack, article.slug));
              const items = site.locator('[data-testid="comment"]').filter({ hasText: marker });
              await items.first().waitFor({ timeout: UI_TIMEOUT });
              return items.locator('.comment__author').allInnerTexts();
            };
            await expect.poll(authors, { timeout: UI_TIMEOUT }).toEqual(['Anonyme', 'Anonyme']);
            expect(await site.locator('body').innerText()).not.toContain('Awa Traoré');
          } finally {
            await site.close();
          }

          // The database: the comments are still there, and nothing anywhere holds the address,
          // the name's site or a hash tying them to the reader.
          const rows = await stack.database.query(
            'SELECT author_name, author_email, author_website, ip_hash, user_agent, author_key_hash, content ' +
              'FROM comments WHERE document_id = ANY($1) ORDER BY content',
            [ids],
          );
          expect(rows.rows.map((row) => row.content).sort()).toEqual([...contents].sort());
          for (const row of rows.rows) {
            expect(row).toMatchObject({
              author_name: 'Anonyme',
              author_email: 'anonyme@kiosque.invalid',
              author_website: null,
              ip_hash: null,
              user_agent: null,
              author_key_hash: null,
            });
          }
          expect(await tablesNaming(reader), 'tables that still name the reader').toEqual([]);
          console.log(
            `[topology] privacy: before the erasure the reader was named in ${before.join(', ')}; after it, in no table`,
          );
        },
        UI_TEST_TIMEOUT,
      );
    });

    describe('growth: a pool behind one link, and the dashboard in Chromium', () => {
      let desk: ModerationDesk;
      const UI_TIMEOUT = 90_000;
      const UI_TEST_TIMEOUT = 240_000;
      const tag = randomUUID().slice(0, 6);
      const slug = `emploi-dakar-${tag}`;
      // Three groups of 300 seats at most, with 0, 100 and 250 members entered: 550 seats in all.
      const CAP = 300;
      const MEMBERS = [0, 100, 250];
      const VISITS = 1000;
      let groups: Created[];
      let channel: Created;
      let pool: Created;
      let copyGroup: Created;

      /** What a counter holds now in the database, summed over the days: the dashboard's source. */
      async function stored(where: string, values: unknown[]): Promise<number> {
        const answer = await stack.database.query<{ n: string | null }>(
          `SELECT sum(count) AS n FROM reader_counts WHERE ${where}`,
          values,
        );
        return Number(answer.rows[0].n ?? 0);
      }
      const joinsOf = (group: string) =>
        stored("group_document_id = $1 AND kind IN ('click', 'qr', 'pool')", [group]);
      /** The cells of a row as shown, with French thousands separators taken out. */
      const cellsOf = async (row: Locator) =>
        (await row.locator('td').allInnerTexts()).map((text) => text.replace(/[\u202f\u00a0]/g, '').trim());

      beforeAll(async () => {
        desk = await openEditorDesk();
        groups = [];
        for (const [index, members] of MEMBERS.entries()) {
          groups.push(
            await createGroupAsEditor(desk, { name: `Emploi Dakar ${index + 1} (${tag})`, members }),
          );
        }
        channel = await createGroupAsEditor(desk, {
          name: `Canal des offres (${tag})`,
          platform: 'whatsapp_channel',
        });
        pool = await createPoolAsEditor(desk, {
          name: `Emploi Dakar (${tag})`,
          slug,
          groups: groups.map((group) => group.documentId),
          fallback: channel.documentId,
          cap: CAP,
          nearlyFullThreshold: 100,
        });
        copyGroup = await createGroupAsEditor(desk, {
          name: `Emploi (${tag})`,
          headlineB: 'Les offres avant tout le monde',
          buttonLabelB: 'Je veux les offres',
        });
      });

      it('sends 1,000 readers at once, through nginx and both CMS instances, to exactly the seats each group had, the rest to the fallback', async () => {
        const started = Date.now();
        const answers = await manyReaders(stack, VISITS, 10, () => ({ path: `/rejoindre/${slug}` }));
        const elapsed = Date.now() - started;
        expect(answers.filter((answer) => answer.status !== 302).map((answer) => answer.status)).toEqual([]);
        const sentTo = new Map<string, number>();
        for (const answer of answers) {
          const location = String(answer.headers.location);
          sentTo.set(location, (sentTo.get(location) ?? 0) + 1);
        }
        const seats = MEMBERS.map((members) => CAP - members);
        const seated = seats.reduce((sum, count) => sum + count, 0);
        expect(Object.fromEntries(sentTo)).toEqual({
          ...Object.fromEntries(groups.map((group, index) => [group.inviteUrl, seats[index]])),
          [channel.inviteUrl]: VISITS - seated,
        });

        // The seats as stored, which the rotation reads at each visit on either instance.
        const joins = await stack.database.query<{ document_id: string; pool_joins: number }>(
          'SELECT document_id, pool_joins FROM community_groups WHERE document_id = ANY($1)',
          [groups.map((group) => group.documentId)],
        );
        expect(
          Object.fromEntries(joins.rows.map((row) => [row.document_id, Number(row.pool_joins)])),
        ).toEqual(Object.fromEntries(groups.map((group, index) => [group.documentId, seats[index]])));

        // Both instances answered (nginx's line names the instance that did).
        const served = new Map<string, number>();
        for (const text of readFileSync(join(stack.nginx.dir, 'access.log'), 'utf8').trim().split('\n')) {
          const line = JSON.parse(text) as { path: string; upstream: string };
          if (line.path === `/rejoindre/${slug}`)
            served.set(line.upstream, (served.get(line.upstream) ?? 0) + 1);
        }
        const [a, b] = stack.cms.map((instance) => served.get(`127.0.0.1:${instance.port}`) ?? 0);
        expect(a + b).toBe(VISITS);
        expect(Math.min(a, b)).toBeGreaterThan(VISITS / 4);

        // Every visit counted once for the pool, within a flush of each instance.
        await expect
          .poll(() => stored('pool_document_id = $1', [pool.documentId]), { timeout: 30_000 })
          .toBe(VISITS);
        expect(
          await stored('pool_document_id = $1 AND group_document_id = $2', [
            pool.documentId,
            channel.documentId,
          ]),
        ).toBe(VISITS - seated);
        console.log(
          `[topology] pool: ${VISITS} parallel visits in ${elapsed} ms (A ${a}, B ${b}): ` +
            `${seats.join(' + ')} seated, ${VISITS - seated} to the fallback`,
        );
      });

      it(
        'answers the editor’s two questions on « Croissance » at 1366×768 with the stored counters, for 7 and 30 days, and exports what it shows',
        async () => {
          const [article] = articles;
          // 300 readers see the group's join block, half with each copy; 6 click A, 20 click B.
          const viewed = await manyReaders(stack, 300, 20, (index) => ({
            path: '/api/beacon',
            method: 'POST',
            body: {
              article: article.documentId,
              events: [
                { kind: 'view' },
                { kind: 'impression', group: copyGroup.documentId, variant: index < 150 ? 'a' : 'b' },
              ],
            },
          }));
          expect(new Set(viewed.map((answer) => answer.status))).toEqual(new Set([204]));
          const clicked = await manyReaders(stack, 26, 30, (index) => ({
            path: `/api/go/${copyGroup.documentId}?article=${article.documentId}&v=${index < 6 ? 'a' : 'b'}`,
          }));
          expect(new Set(clicked.map((answer) => answer.status))).toEqual(new Set([302]));
          await expect.poll(() => joinsOf(copyGroup.documentId), { timeout: 30_000 }).toBe(26);
          await expect
            .poll(() => stored("kind = 'impression' AND group_document_id = $1", [copyGroup.documentId]), {
              timeout: 30_000,
            })
            .toBe(300);
          const counted = async (kind: string, variant: string) =>
            stored('kind = $1 AND group_document_id = $2 AND variant = $3', [
              kind,
              copyGroup.documentId,
              variant,
            ]);
          const expected = compareVariants(
            { impressions: await counted('impression', 'a'), clicks: await counted('click', 'a') },
            { impressions: await counted('impression', 'b'), clicks: await counted('click', 'b') },
          );
          expect(expected.message).toMatch(/^B fait mieux que A/);

          const page = desk.page;
          await page.setViewportSize({ width: 1366, height: 768 });
          await page.goto(`http://${ADMIN_HOST}:${stack.front.port}/admin/croissance`);
          const section = (title: string | RegExp) => page.getByRole('region', { name: title });
          await section('Adhésions par groupe').waitFor({ timeout: UI_TIMEOUT });
          expect(await page.getByRole('button', { name: '7 jours' }).getAttribute('aria-pressed')).toBe(
            'true',
          );

          // « Combien de lecteurs cet article a-t-il fait rejoindre le groupe Emploi cette semaine ? »
          const pair = page
            .getByTestId('growth-article-group')
            .filter({ hasText: article.title })
            .filter({ hasText: copyGroup.name });
          expect(await cellsOf(pair)).toEqual([
            article.title,
            copyGroup.name,
            String(
              await stored(
                "kind IN ('click', 'qr') AND group_document_id = $1 AND article_document_id = $2",
                [copyGroup.documentId, article.documentId],
              ),
            ),
          ]);
          // « … et quel texte marche le mieux ? »
          const variantRows = page.getByTestId('growth-variant');
          const copyA = variantRows.filter({ hasText: copyGroup.name });
          expect(await copyA.innerText()).toContain(expected.message);
          expect((await cellsOf(copyA)).slice(2, 4)).toEqual(['150', '6']);

          // The pool and its groups, as stored.
          const poolRow = page.getByTestId('growth-pool').filter({ hasText: pool.name });
          const poolCells = async () => cellsOf(poolRow);
          expect(await poolCells()).toEqual([
            `${pool.name}\n/rejoindre/${slug}`,
            'Complet : canal de secours',
            '0 sur 3',
            '0',
            String(await stored('pool_document_id = $1', [pool.documentId])),
            String(VISITS),
            String(VISITS - 550),
          ]);
          for (const group of groups) {
            const cells = await cellsOf(page.getByTestId('growth-group').filter({ hasText: group.name }));
            const joins = String(await joinsOf(group.documentId));
            expect(cells.slice(1, 6), group.name).toEqual(['Complet (estimé)', joins, joins, '0', '0']);
          }

          // 30 days: the tables say so, the figures are the same (everything happened today).
          await page.getByRole('button', { name: '30 jours' }).click();
          await section('Articles (30 derniers jours)').waitFor({ timeout: UI_TIMEOUT });
          expect(await page.getByRole('button', { name: '30 jours' }).getAttribute('aria-pressed')).toBe(
            'true',
          );
          expect((await poolCells()).slice(4)).toEqual([
            String(VISITS),
            String(VISITS),
            String(VISITS - 550),
          ]);

          // The CSV is what is shown: the same figures, built from the same answer.
          const download = page.waitForEvent('download');
          await page.getByRole('button', { name: 'Exporter en CSV' }).click();
          const file = await (await download).path();
          const csv = readFileSync(file, 'utf8');
          const shown = await desk.api<{ data: GrowthDashboard }>('/admin/kiosque-growth/dashboard?days=30');
          expect(csv).toBe(`\uFEFF${dashboardCsv(shown.data)}`);
          expect(csv.split('\r\n')).toContain(
            `${pool.name};/rejoindre/${slug};0;3;0;oui;${VISITS};${VISITS};${VISITS - 550}`,
          );

          // Readable on a laptop: nothing wider than the window, no table wider than its section.
          const overflow = await page.evaluate(() => ({
            page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            tables: [...document.querySelectorAll('section[aria-label] table')]
              .filter((table) => table.scrollWidth > (table.closest('section') as HTMLElement).clientWidth)
              .map((table) => table.closest('section')?.getAttribute('aria-label')),
          }));
          expect(overflow).toEqual({ page: 0, tables: [] });
          if (process.env.TOPOLOGY_SCREENSHOTS) {
            await page.screenshot({
              path: join(process.env.TOPOLOGY_SCREENSHOTS, 'croissance.png'),
              fullPage: true,
            });
          }
        },
        UI_TEST_TIMEOUT,
      );
    });

    it('loses no read and stores every acknowledged comment once when a CMS instance is killed', async () => {
      const RUN_MS = 12_000;
      const KILL_AT_MS = 4_000;
      const readPaths = articles.flatMap((article) => [
        `/api/articles/slug/${article.slug}`,
        `/api/pages/article/${article.slug}`,
        `/articles/${article.slug}`,
      ]);
      readPaths.push('/api/articles', '/', '/rss.xml');
      const marker = `coupure-${randomUUID().slice(0, 8)}`;
      const figures = {
        reads: 0,
        reads5xx: {} as Record<string, number>,
        readNetworkErrors: 0,
        posts: 0,
        postAttempts: 0,
        posts5xxRetried: 0,
        postNetworkErrorsRetried: 0,
        postsRefused: {} as Record<string, number>,
        acknowledged: [] as string[],
        unanswered: 0,
      };
      const started = Date.now();
      const running = () => Date.now() - started < RUN_MS;

      const reader = async (index: number) => {
        let n = index;
        while (running()) {
          const path = readPaths[n++ % readPaths.length];
          figures.reads += 1;
          try {
            const answer = await send(`${front}${path}`);
            if (answer.status >= 500) {
              const kind = `${answer.status} ${path.split('/')[1] || '/'}`;
              figures.reads5xx[kind] = (figures.reads5xx[kind] ?? 0) + 1;
            }
          } catch {
            figures.readNetworkErrors += 1;
          }
        }
      };

      // Many readers, four comments each at most (under the limit of five a minute), each post
      // resent with its Idempotency-Key after a network error or a 5xx, as the SPA's form does.
      let addresses = 0;
      const poster = async () => {
        while (running()) {
          const from = `127.1.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
          addresses += 1;
          for (let n = 0; n < 4 && running(); n += 1) {
            const key = randomUUID();
            const body = comment(articles[n % articles.length].documentId, marker);
            figures.posts += 1;
            let acknowledged = false;
            for (let attempt = 0; attempt < 6 && !acknowledged; attempt += 1) {
              figures.postAttempts += 1;
              try {
                const answer = await send(`${front}/api/comments`, {
                  method: 'POST',
                  from,
                  headers: { 'Idempotency-Key': key },
                  body,
                });
                if (answer.status >= 200 && answer.status < 300) {
                  acknowledged = true;
                  figures.acknowledged.push(key);
                } else if (answer.status >= 500) {
                  figures.posts5xxRetried += 1;
                  await new Promise((resolve) => setTimeout(resolve, 200));
                } else {
                  figures.postsRefused[answer.status] = (figures.postsRefused[answer.status] ?? 0) + 1;
                  break;
                }
              } catch {
                figures.postNetworkErrorsRetried += 1;
                await new Promise((resolve) => setTimeout(resolve, 200));
              }
            }
            if (!acknowledged) figures.unanswered += 1;
          }
        }
      };

      const [victim] = stack.cms;
      const kill = new Promise<void>((resolve, reject) =>
        setTimeout(() => victim.kill().then(resolve, reject), KILL_AT_MS),
      );
      await Promise.all([
        ...Array.from({ length: 6 }, (_, index) => reader(index)),
        poster(),
        poster(),
        poster(),
        kill,
      ]);
      expect(victim.process.signalCode).toBe('SIGKILL');

      const stored = await stack.database.query<{ key: string; copies: string }>(
        `select idempotency_key as key, count(*) as copies from comments where content like $1 group by idempotency_key`,
        [`${marker} %`],
      );
      const copies = new Map(stored.rows.map((row) => [row.key, Number(row.copies)]));
      const acknowledgedStored = figures.acknowledged.filter((key) => copies.get(key) === 1).length;
      const duplicates = [...copies.values()].filter((count) => count > 1).length;
      const byContent = await stack.database.query<{ copies: string }>(
        `select count(*) as copies from comments where content like $1 group by content having count(*) > 1`,
        [`${marker} %`],
      );
      // What nginx met on the way: each line is a request it sent to the killed instance, then (a read,
      // or a post never sent) to the other.
      const upstreamErrors = readFileSync(join(stack.nginx.dir, 'error.log'), 'utf8')
        .split('\n')
        .filter((line) => line.includes(`127.0.0.1:${victim.port}`)).length;
      const fiveXx = Object.values(figures.reads5xx).reduce((sum, count) => sum + count, 0);
      console.log(
        [
          `[topology] kill test: CMS ${victim.name} got SIGKILL at ${KILL_AT_MS / 1000} s of ${RUN_MS / 1000} s`,
          `  nginx: ${upstreamErrors} failures of the killed instance logged, each request sent on to the other`,
          `  reads: ${figures.reads}, 5xx: ${fiveXx} ${JSON.stringify(figures.reads5xx)}, network errors: ${figures.readNetworkErrors}`,
          `  comment posts: ${figures.posts} (${figures.postAttempts} attempts; retried after a 5xx: ${figures.posts5xxRetried}, after a network error: ${figures.postNetworkErrorsRetried}; refused: ${JSON.stringify(figures.postsRefused)}; never answered: ${figures.unanswered})`,
          `  acknowledged: ${figures.acknowledged.length}, of which stored exactly once: ${acknowledgedStored}; rows stored: ${stored.rows.length}; keys stored twice or more: ${duplicates}; texts stored twice or more: ${byContent.rows.length}`,
        ].join('\n'),
      );

      expect(figures.reads).toBeGreaterThan(100);
      expect(figures.reads5xx).toEqual({});
      expect(figures.readNetworkErrors).toBe(0);
      expect(figures.acknowledged.length).toBeGreaterThan(10);
      expect(acknowledgedStored).toBe(figures.acknowledged.length);
      expect(duplicates).toBe(0);
      expect(byContent.rows).toEqual([]);
      expect(figures.postsRefused).toEqual({});
    });
  });
}
