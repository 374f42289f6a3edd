import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForApp, watchForConsoleProblems, watchForPageErrors } from './browser';
import { E2E_WEB_URL } from './ports';

const ARTICLE_SLUG = 'community-manager-ou-social-media-manager';

/** Every public page the server renders, and the status it answers. */
const PAGES = [
  ['home', '/', 200],
  ['home, page 2', '/?page=2', 200],
  ['article', `/articles/${ARTICLE_SLUG}`, 200],
  ['category', '/categorie/emploi', 200],
  ['search', '/recherche?q=entretien+visio', 200],
  ['empty search', '/recherche', 200],
  ['unknown article', '/articles/cet-article-n-existe-pas', 404],
  ['unknown category', '/categorie/astronomie', 404],
  ['unknown address', '/une/adresse/inconnue', 404],
] as const;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The tags that describe a page (not its code): title, meta, canonical and feed links, JSON-LD. */
function describingHead(target: Page): Promise<string[]> {
  return target.evaluate(() =>
    [
      ...document.head.querySelectorAll(
        'title, meta[name], meta[property], link[rel="canonical"], link[rel="alternate"], script[type="application/ld+json"]',
      ),
    ]
      .filter((element) => element.getAttribute('name') !== 'viewport')
      .map((element) => {
        const attributes = [...element.attributes]
          .filter((attribute) => !attribute.name.startsWith('data-'))
          .map((attribute) => `${attribute.name}=${attribute.value}`)
          .sort();
        return `${element.tagName.toLowerCase()} ${attributes.join(' ')} ${element.textContent ?? ''}`;
      })
      .sort(),
  );
}

describe('server-rendered pages in the browser', () => {
  it.each(PAGES)(
    'hydrates the %s page without a mismatch, an error or a request for its data',
    async (_name, path, status) => {
      const page = await browser.newPage({ locale: 'fr-FR' });
      const problems = [...watchForPageErrors(page)];
      const consoleProblems = watchForConsoleProblems(page);
      const apiCalls: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
      });
      const failed: string[] = [];
      page.on('response', (answer) => {
        const { pathname, search } = new URL(answer.url());
        if (answer.status() >= 400 && `${pathname}${search}` !== path) {
          failed.push(`${answer.status()} ${answer.url()}`);
        }
      });
      const response = await page.goto(`${E2E_WEB_URL}${path}`);
      expect(response?.status()).toBe(status);
      // Rendered by the server: the page's heading is there before any script ran.
      expect(await response?.text()).toMatch(/<h1[\s>]/);
      await waitForApp(page);
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
      expect(failed).toEqual([]);
      // A failed load (the 404 document) is a console error of its own in Chromium: the
      // answers are checked above; anything else logged is a problem.
      expect(consoleProblems.filter((line) => !/Failed to load resource/.test(line))).toEqual([]);
      // The state came with the HTML: no request for the page's data, nor for the menu's categories.
      expect(apiCalls).toEqual([]);
      await page.close();
    },
  );

  it('writes, after a navigation in the app, the same head the server writes for that page', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    const consoleProblems = watchForConsoleProblems(page);
    const served = await browser.newPage({ locale: 'fr-FR', javaScriptEnabled: false });
    for (const [from, to, linkName] of [
      ['/', `/articles/${ARTICLE_SLUG}`, /Community manager ou social media manager/],
      [`/articles/${ARTICLE_SLUG}`, '/categorie/emploi', /^Emploi$/],
      ['/categorie/emploi', '/', /^Tous les articles$/],
    ] as const) {
      await page.goto(`${E2E_WEB_URL}${from}`);
      await waitForApp(page);
      await page.getByRole('link', { name: linkName }).first().click();
      await page.waitForURL(`${E2E_WEB_URL}${to}`);
      await served.goto(`${E2E_WEB_URL}${to}`);
      const expected = await describingHead(served);
      await expect.poll(() => describingHead(page), { timeout: 10_000 }).toEqual(expected);
    }
    expect(consoleProblems).toEqual([]);
    await Promise.all([page.close(), served.close()]);
  });
});
