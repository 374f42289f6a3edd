import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchForPageErrors } from './browser';
import { E2E_ADMIN } from './admin';
import { E2E_CMS_URL, E2E_WEB_URL } from './ports';
import { XSS_PAYLOADS } from './xss-payloads';

const SLUG = 'devenir-developpeur-web-par-ou-commencer';

let browser: Browser;
let adminToken: string;

async function cms(
  path: string,
  init: RequestInit & { json?: unknown } = {},
  as: 'reader' | 'editor' = 'reader',
): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (as === 'editor') headers.Authorization = `Bearer ${adminToken}`;
  return fetch(`${E2E_CMS_URL}${path}`, {
    ...init,
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

beforeAll(async () => {
  browser = await launchChromium();
  const login = await cms('/admin/login', { method: 'POST', json: E2E_ADMIN });
  adminToken = ((await login.json()) as { data: { token: string } }).data.token;
  // The editor lets this many comments through from one address for the test.
  const settings = await cms(
    '/content-manager/single-types/api::comment-setting.comment-setting',
    {
      method: 'PUT',
      json: { rateLimitPerMinute: 1000, moderationMode: 'hold-all', maxLinks: 2 },
    },
    'editor',
  );
  expect(settings.status).toBe(200);
});

afterAll(async () => {
  // Back to the default moderation for the other browser tests; the raised rate limit stays, since
  // this file's posts all came from the address the other tests post from too.
  await cms(
    '/content-manager/single-types/api::comment-setting.comment-setting',
    {
      method: 'PUT',
      json: { moderationMode: 'trusted-authors' },
    },
    'editor',
  );
  await browser?.close();
});

describe('hostile comments in the browser', () => {
  it(`shows ${XSS_PAYLOADS.length} approved script-injection payloads as plain text and runs none of them`, async () => {
    const article = (await (await cms(`/api/articles/slug/${SLUG}`)).json()) as {
      data: { documentId: string };
    };
    const posted: string[] = [];
    for (const [index, payload] of XSS_PAYLOADS.entries()) {
      const response = await cms('/api/comments', {
        method: 'POST',
        json: {
          data: {
            article: article.data.documentId,
            authorName: index % 3 === 0 ? payload.slice(0, 100) : `Testeur ${index}`,
            authorEmail: `xss${index}@example.org`,
            content: `Charge ${index} : ${payload}`,
            authorWebsite:
              index % 5 === 0 ? `https://exemple.org/"><script>window.__xss=${index}</script>` : undefined,
          },
        },
      });
      expect(response.status, payload).toBe(201);
      posted.push(((await response.json()) as { data: { documentId: string } }).data.documentId);
    }
    // Approved by an editor, as on a real site.
    for (const documentId of posted) {
      const approved = await cms(
        `/content-manager/collection-types/api::comment.comment/${documentId}`,
        {
          method: 'PUT',
          json: { moderationStatus: 'approved' },
        },
        'editor',
      );
      expect(approved.status).toBe(200);
    }

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchForPageErrors(page);
    try {
      await page.goto(`${E2E_WEB_URL}/articles/${SLUG}`);
      await page.getByTestId('comment').first().waitFor();
      const more = page.getByRole('button', { name: 'Afficher plus de commentaires' });
      while ((await more.count()) > 0) {
        await more.click();
        await page.waitForTimeout(300);
      }
      const shownText = (await page.getByTestId('comment').allTextContents()).join('\n');
      for (const [index, payload] of XSS_PAYLOADS.entries()) {
        expect(shownText, `payload ${index}`).toContain(`Charge ${index} : ${payload}`);
      }

      const comments = page.locator('[data-testid="comment"]');
      expect(
        await comments
          .locator('script, img, svg, iframe, object, embed, video, audio, form, input, math')
          .count(),
      ).toBe(0);
      const links = await comments
        .locator('a')
        .evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
      expect(links.filter((href) => !/^https?:/.test(href))).toEqual([]);
      await page.mouse.move(200, 400);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
