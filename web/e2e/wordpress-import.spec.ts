import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForApp, watchForPageErrors } from './browser';
import { E2E_WEB_URL } from './ports';

/*
 * A WordPress blog moved with `npm run import:wordpress` (the real command, on the database the
 * running CMS serves), then read through its old addresses: the page server answers them with a
 * permanent redirect to the Kiosque page, where the comment threads are as they were in WordPress.
 */

const cmsDir = fileURLToPath(new URL('../../cms/', import.meta.url));
const fixtures = fileURLToPath(new URL('../../cms/tests/fixtures/wordpress/', import.meta.url));
const SLUG = 'reussir-entretien-visio';
const TITLE = 'Réussir son entretien d’embauche en visio 🎯';

let browser: Browser;

/** The import command, run as an operator would while the CMS serves readers. */
function runImport(): Promise<string> {
  const databaseFile = process.env.DATABASE_FILENAME;
  if (!databaseFile) throw new Error('The end-to-end setup did not say which database the CMS serves.');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        'scripts/import-wordpress.mjs',
        `${fixtures}carriere-et-code.xml`,
        '--media',
        `${fixtures}uploads`,
        '--no-build',
      ],
      {
        cwd: cmsDir,
        env: { ...process.env, INIT_CWD: cmsDir, DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: databaseFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`import exited ${code}:\n${output}`)),
    );
  });
}

/** Where the page server sends an old address, without following it. */
async function redirectOf(path: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${E2E_WEB_URL}${path}`, { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') };
}

beforeAll(async () => {
  const report = await runImport();
  expect(report).toMatch(/Posts: 6 imported/);
  // The page server reads the redirects again in the background (every second here, REDIRECTS_REFRESH_S
  // in global-setup.ts): wait for this import's.
  const deadline = Date.now() + 45_000;
  while ((await redirectOf('/?p=101')).status !== 301) {
    if (Date.now() > deadline) throw new Error('The page server never picked up the imported redirects.');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('a WordPress blog moved to Kiosque', () => {
  it('answers the old permalink, /?p=ID, category and date archives with a 301 to the new address', async () => {
    const article = new URL(`/articles/${SLUG}`, E2E_WEB_URL).pathname;
    for (const [old, target] of [
      ['/2024/03/reussir-entretien-visio/', article],
      ['/?p=101', article],
      ['/category/emploi/entretiens/', '/categorie/entretiens'],
      ['/2024/03/', '/'],
      ['/2024/03/12/', '/'],
    ]) {
      const { status, location } = await redirectOf(old);
      expect([old, status, location && new URL(location, E2E_WEB_URL).pathname]).toEqual([old, 301, target]);
    }
    // A draft's address was never public: it has no redirect.
    expect((await redirectOf('/?p=104')).status).not.toBe(301);
    const sitemap = await (await fetch(`${E2E_WEB_URL}/sitemap.xml`)).text();
    expect(sitemap).toContain(`/articles/${SLUG}`);
    expect(sitemap).not.toContain('/2024/');
    expect(sitemap).not.toContain('?p=');
    expect(sitemap).not.toContain('carriere-et-code.example');
  });

  for (const old of ['/2024/03/reussir-entretien-visio/', '/?p=101']) {
    it(`opens the article from ${old} and finds its approved comments, threaded as in WordPress`, async () => {
      const page: Page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
      const problems = watchForPageErrors(page);
      try {
        await page.goto(`${E2E_WEB_URL}${old}`);
        await waitForApp(page);
        expect(new URL(page.url()).pathname).toBe(`/articles/${SLUG}`);
        await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
        const comments = page.getByTestId('comment');
        await expect.poll(() => comments.count()).toBe(4);
        // Held, spam, trash and pingbacks never show.
        for (const hidden of ['Ibrahima', 'Promo Express', 'Lucien', 'Le blog des RH']) {
          expect(await comments.filter({ hasText: hidden }).count()).toBe(0);
        }
        // Each comment with the depth it had: Awa's thread holds Mariam's answer, which holds Awa's
        // answer to the held comment (deeper than the site's three levels, it joined its level).
        const depthOf = async (text: string) =>
          (await comments.filter({ hasText: text }).getAttribute('data-depth')) ?? '';
        expect(await depthOf('Le coup du regard caméra')).toBe('1');
        expect(await depthOf('Avec plaisir Awa')).toBe('2');
        expect(await depthOf('Prévenez par message')).toBe('3');
        expect(await depthOf('Court et efficace, merci 👍')).toBe('1');
        const item = (text: string) =>
          page
            .locator('li.comment-item')
            .filter({ has: page.getByTestId('comment').filter({ hasText: text }) });
        const thread = item('Le coup du regard caméra');
        // The outer item holds all three; the short comment's item holds only itself.
        expect(await thread.first().getByTestId('comment').count()).toBe(3);
        expect(
          await item('Avec plaisir Awa')
            .last()
            .getByTestId('comment')
            .filter({ hasText: 'Prévenez par message' })
            .count(),
        ).toBe(1);
        expect(await item('Court et efficace, merci 👍').getByTestId('comment').count()).toBe(1);
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
