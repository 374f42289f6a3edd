import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_SECURITY_HEADERS } from '@kiosque/shared';
import { launchChromium } from '../../web/e2e/browser';
import { securityHeaders } from '../../web/server/server';
import { uploadHeaders } from '../../web/server/site';
import { NGINX } from '../nginx-harness';
import { send, type Answer } from './http';
import { ADMIN_HOST, EDITOR, RESPONSE_CACHE_SYNC_MS, startStack, type Stack } from './stack';

/*
 * docker-compose.yml's topology, natively (stack.ts), exercised through nginx only, as readers and
 * editors reach it. The last test kills one CMS instance.
 */

const ARTICLE_UID = 'api::article.article';

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
