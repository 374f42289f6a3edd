import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN } from './admin';
import { blocking, describeViolations, runAxe } from './axe';
import { browser, openPagePerTest, page, pageProblems } from './page-per-test';
import { E2E_CMS_URL, E2E_WEB_URL } from './ports';
import { saveScreenshot } from './screenshots';

const ARTICLE_SLUG = 'community-manager-ou-social-media-manager';
const ARTICLE_TITLE = 'Community manager ou social media manager : quelle différence ?';
const ARTICLE_COVER_ALT = 'Illustration abstraite orange : deux bulles de discussion qui se croisent';
const RELATED_TITLE = 'Rédacteur web : écrire pour les lecteurs et pour les moteurs de recherche';
const INTERVIEW_TITLE = 'Entretien d’embauche en visio : la check-list avant de cliquer sur « Rejoindre »';
const CV_TITLE = 'Un CV qui donne envie : cinq conseils pour un premier emploi dans le numérique';

/** Every kind of page of the reader site, with what shows it has loaded. */
const PAGES = [
  { name: 'home', path: '/', ready: 'Derniers articles', title: 'Kiosque : actualités, emploi et carrière' },
  {
    name: 'article',
    path: `/articles/${ARTICLE_SLUG}`,
    ready: ARTICLE_TITLE,
    title: `${ARTICLE_TITLE} – Kiosque`,
  },
  { name: 'category', path: '/categorie/emploi', ready: 'Emploi', title: 'Emploi – Kiosque' },
  {
    name: 'search',
    path: '/recherche?q=entretien+visio',
    ready: 'Résultats pour « entretien visio »',
    title: 'Recherche « entretien visio » – Kiosque',
  },
  {
    name: 'empty search',
    path: '/recherche?q=astrophysique',
    ready: 'Résultats pour « astrophysique »',
    title: 'Recherche « astrophysique » – Kiosque',
  },
  {
    name: '404',
    path: '/une/adresse/inconnue',
    ready: 'Page introuvable',
    title: 'Page introuvable – Kiosque',
  },
] as const;

openPagePerTest({ width: 1280, height: 800 });

/** Opens a page of the site and waits until its h1 says what it should, and nothing is loading. */
async function open(target: Page, path: string, heading: string): Promise<void> {
  await target.goto(`${E2E_WEB_URL}${path}`);
  await target.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  await target.waitForFunction(() => !document.querySelector('[role="status"].state'));
}

async function cardTitles(target: Page): Promise<string[]> {
  return target.getByTestId('article-card').locator('h2, h3').allTextContents();
}

/** Presses Tab until the focused element matches, and fails after `max` presses. */
async function tabUntil(target: Page, matches: (element: Element) => boolean, max = 120): Promise<void> {
  for (let presses = 0; presses < max; presses += 1) {
    await target.keyboard.press('Tab');
    const reached = await target.evaluate(`(${matches.toString()})(document.activeElement ?? document.body)`);
    if (reached === true) return;
  }
  throw new Error(`Nothing matching was reached in ${max} presses of Tab.`);
}

describe('the reader site', () => {
  it('shows the newest articles on the home page as cards with category, author, reading time and comments', async () => {
    await open(page, '/', 'Derniers articles');
    expect(await page.title()).toBe('Kiosque : actualités, emploi et carrière');
    const cards = page.getByTestId('article-card');
    expect(await cards.count()).toBe(6);
    const first = cards.filter({ hasText: ARTICLE_TITLE });
    expect(await first.getByTestId('article-reading-time').textContent()).toMatch(/^\d+ min de lecture$/);
    expect(await first.getByTestId('article-comment-count').textContent()).toBe('2 commentaires');
    expect(await first.locator('.article-card__author').textContent()).toBe('Aïcha Koné');
    expect(await first.locator('time').textContent()).toMatch(/^\d{1,2} [a-zéû]+ \d{4}$/);
    // A single page of six articles needs no pagination.
    expect(await page.getByTestId('pagination').count()).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(pageProblems).toEqual([]);
  });

  it('shows a category’s name, description and only its articles, reached from a card and from the header', async () => {
    await open(page, '/', 'Derniers articles');
    await page
      .getByTestId('article-card')
      .filter({ hasText: CV_TITLE })
      .getByRole('link', { name: 'Emploi', exact: true })
      .click();
    await page.waitForURL(`${E2E_WEB_URL}/categorie/emploi`);
    await page.getByRole('heading', { level: 1, name: 'Emploi' }).waitFor();
    expect(await page.getByTestId('category-description').textContent()).toContain('décrocher un poste');
    await expect.poll(() => page.title()).toBe('Emploi – Kiosque');
    await page.getByTestId('article-card').first().waitFor();
    expect((await cardTitles(page)).sort()).toEqual([CV_TITLE, INTERVIEW_TITLE].sort());
    expect(await page.getByTestId('article-card-category').allTextContents()).toEqual(['Emploi', 'Emploi']);

    const nav = page.getByRole('navigation', { name: 'Catégories' });
    expect(await nav.getByRole('link', { name: 'Emploi' }).getAttribute('aria-current')).toBe('page');
    await nav.getByRole('link', { name: 'Formation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Formation' }).waitFor();
    await expect.poll(() => cardTitles(page)).toHaveLength(2);
    expect(await page.getByTestId('article-card-category').allTextContents()).toEqual([
      'Formation',
      'Formation',
    ]);
    expect(pageProblems).toEqual([]);
  });

  it('shows the 404 page for an unknown category', async () => {
    await open(page, '/categorie/astronomie', 'Catégorie introuvable');
    expect(await page.getByTestId('not-found').textContent()).toContain('Erreur 404');
    expect(await page.title()).toBe('Catégorie introuvable – Kiosque');
  });

  it('finds articles by the words of their title or excerpt from the header’s search form, and says when none match', async () => {
    await open(page, '/', 'Derniers articles');
    const search = page.getByRole('search');
    await search.getByLabel('Rechercher un article').fill('Entretien  VISIO');
    await search.getByLabel('Rechercher un article').press('Enter');
    await page.waitForURL(`${E2E_WEB_URL}/recherche?q=Entretien+VISIO`);
    await page.getByTestId('article-card').first().waitFor();
    expect(await cardTitles(page)).toEqual([INTERVIEW_TITLE]);
    expect(await page.getByTestId('search-count').textContent()).toContain(
      '1 article correspond à votre recherche',
    );

    // The excerpt counts too: « projets » is only in the CV article's excerpt.
    await open(page, '/recherche?q=projets', 'Résultats pour « projets »');
    expect(await cardTitles(page)).toEqual([CV_TITLE]);

    await open(page, '/recherche?q=astrophysique', 'Résultats pour « astrophysique »');
    expect(await page.getByTestId('empty').textContent()).toContain(
      'Aucun article ne correspond à « astrophysique »',
    );
    expect(await page.getByTestId('search-count').textContent()).toContain('0 article correspond');
    expect(await page.getByRole('search').getByLabel('Rechercher un article').inputValue()).toBe(
      'astrophysique',
    );
    expect(pageProblems).toEqual([]);
  });

  it('suggests the other articles of the category under an article, as cards', async () => {
    await open(page, `/articles/${ARTICLE_SLUG}`, ARTICLE_TITLE);
    const related = page.getByTestId('related');
    await related.waitFor();
    expect(await related.getByRole('heading', { level: 2 }).textContent()).toBe('À lire aussi');
    expect(await cardTitles(page)).toEqual([RELATED_TITLE]);
    expect(await page.getByTestId('article-category').getAttribute('href')).toBe('/categorie/metiers-du-web');
    const author = page.getByTestId('author-box');
    expect(await author.textContent()).toContain('Aïcha Koné');
    expect(await author.textContent()).toContain('Rédactrice chez Kiosque');

    await related.getByRole('link', { name: RELATED_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: RELATED_TITLE }).waitFor();
    await expect.poll(() => cardTitles(page)).toEqual([ARTICLE_TITLE]);
    expect(pageProblems).toEqual([]);
  });

  it('serves responsive images: a lazy srcset on cards, an eager high-priority cover with its alt text', async () => {
    await open(page, '/', 'Derniers articles');
    const card = page.getByTestId('article-card').filter({ hasText: ARTICLE_TITLE }).locator('img');
    const cardImage = await card.evaluate((image: HTMLImageElement) => ({
      srcset: image.getAttribute('srcset'),
      sizes: image.getAttribute('sizes'),
      width: image.getAttribute('width'),
      height: image.getAttribute('height'),
      loading: image.getAttribute('loading'),
      alt: image.alt,
    }));
    expect(cardImage).toMatchObject({
      width: '1200',
      height: '630',
      loading: 'lazy',
      alt: ARTICLE_COVER_ALT,
    });
    expect(cardImage.sizes).toContain('100vw');
    const widths = (cardImage.srcset ?? '').split(', ').map((candidate) => candidate.split(' ')[1]);
    expect(widths).toEqual(['245w', '500w', '750w', '1000w', '1200w']);
    for (const candidate of (cardImage.srcset ?? '').split(', ')) {
      expect(candidate).toMatch(new RegExp(`^${E2E_CMS_URL}/uploads/\\S+\\.jpe?g \\d+w$`));
    }

    await open(page, `/articles/${ARTICLE_SLUG}`, ARTICLE_TITLE);
    const cover = page.getByTestId('article-cover');
    expect(await cover.getAttribute('alt')).toBe(ARTICLE_COVER_ALT);
    expect(await cover.getAttribute('loading')).toBe('eager');
    expect(await cover.getAttribute('fetchpriority')).toBe('high');
    expect(await cover.getAttribute('srcset')).toContain('1000w');
    await expect
      .poll(() => cover.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0))
      .toBe(true);
    // A 1280 px window draws the cover about 656 px wide: the browser takes a copy, not the original.
    const chosen = await cover.evaluate((image: HTMLImageElement) => ({
      src: image.src,
      current: image.currentSrc,
    }));
    expect(chosen.current).not.toBe(chosen.src);
  });

  it('gets a 404 page with one h1, a way home and its own title for an unknown address', async () => {
    await open(page, '/une/adresse/inconnue', 'Page introuvable');
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.title()).toBe('Page introuvable – Kiosque');
    await page.getByRole('link', { name: 'Retour à l’accueil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Derniers articles' }).waitFor();
  });
});

describe('a keyboard user', () => {
  it('skips to the content, opens an article, posts a comment held for moderation and joins a group, all from the keyboard', async () => {
    await open(page, '/', 'Derniers articles');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#main');

    await tabUntil(
      page,
      (element) => element.textContent === 'Community manager ou social media manager : quelle différence ?',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(`${E2E_WEB_URL}/articles/${ARTICLE_SLUG}`);
    await page.getByRole('heading', { level: 1, name: ARTICLE_TITLE }).waitFor();
    await page.getByTestId('join-cta').first().waitFor();

    // The join buttons come before the comment form.
    await tabUntil(page, (element) => element.classList.contains('cta__button'));
    const redirect = page
      .context()
      .waitForEvent('response', (response) => response.url().includes('/api/go/'));
    const popup = page.waitForEvent('popup');
    await page.keyboard.press('Enter');
    // The CMS counts the click and sends the new tab on to the group's invite link.
    const response = await redirect;
    expect(response.status()).toBe(302);
    expect(response.headers().location).toMatch(/^https:\/\/(chat\.whatsapp\.com|whatsapp\.com|t\.me)\//);
    await (await popup).close();
    await page.bringToFront();

    await tabUntil(page, (element) => element.getAttribute('name') === 'authorName');
    await page.keyboard.type('Lecteur au clavier');
    await page.keyboard.press('Tab');
    await page.keyboard.type('clavier.e2e@example.org');
    await tabUntil(page, (element) => element.getAttribute('name') === 'content', 5);
    await page.keyboard.type('Tout se fait au clavier, merci !');
    await tabUntil(page, (element) => element.textContent?.trim() === 'Publier le commentaire', 5);
    await page.keyboard.press('Enter');

    const success = page.getByTestId('comment-success');
    await success.waitFor();
    expect(await success.textContent()).toContain('en attente de modération');
    expect(pageProblems).toEqual([]);
  });
});

describe('every page', () => {
  it.each(PAGES)('has no horizontal scroll at 320 px: $name', async ({ path, ready }) => {
    const phone = await browser.newPage({ viewport: { width: 320, height: 640 }, locale: 'fr-FR' });
    try {
      await open(phone, path, ready);
      await phone
        .getByRole('navigation', { name: 'Catégories' })
        .getByRole('link', { name: 'Emploi' })
        .waitFor();
      const overflow = await phone.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        wide: [...document.querySelectorAll('body *')]
          .filter(
            (element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
          )
          .map((element) => element.outerHTML.slice(0, 120)),
      }));
      expect(overflow.page, overflow.wide.join('\n')).toBeLessThanOrEqual(0);
    } finally {
      await phone.close();
    }
  });

  it.each(PAGES)(
    'has a title, one h1, no skipped heading level and no serious axe violation: $name',
    async ({ path, ready, title }) => {
      await open(page, path, ready);
      await page
        .getByRole('navigation', { name: 'Catégories' })
        .getByRole('link', { name: 'Emploi' })
        .waitFor();
      expect(await page.title()).toBe(title);
      const levels = await page.evaluate(() =>
        [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
          .filter(
            (heading) => heading.getClientRects().length > 0 || heading.classList.contains('visually-hidden'),
          )
          .map((heading) => Number(heading.tagName[1])),
      );
      expect(levels.filter((level) => level === 1)).toHaveLength(1);
      expect(levels[0]).toBe(1);
      levels.forEach((level, index) => {
        if (index > 0)
          expect(level, `heading levels ${levels.join(' ')}`).toBeLessThanOrEqual(levels[index - 1] + 1);
      });
      for (const landmark of ['banner', 'main', 'contentinfo'])
        expect(await page.getByRole(landmark as 'main').count()).toBe(1);

      const violations = await runAxe(page);
      const serious = blocking(violations);
      expect(serious, `axe found on ${path}:\n${describeViolations(serious)}`).toEqual([]);
      const minor = violations.filter((violation) => !serious.includes(violation));
      if (minor.length > 0) console.info(`axe, minor or moderate on ${path}:\n${describeViolations(minor)}`);
    },
  );

  it.each([
    { name: 'phone', viewport: { width: 390, height: 844 }, fullPage: false },
    { name: 'desktop', viewport: { width: 1280, height: 800 }, fullPage: true },
  ])('is photographed on a $name: the home and an article', async ({ name, viewport, fullPage }) => {
    const shot = await browser.newPage({ viewport, locale: 'fr-FR', deviceScaleFactor: 1 });
    try {
      await open(shot, '/', 'Derniers articles');
      await shot
        .getByRole('navigation', { name: 'Catégories' })
        .getByRole('link', { name: 'Emploi' })
        .waitFor();
      await saveScreenshot(shot, `home-${name}`, fullPage);
      await open(shot, `/articles/${ARTICLE_SLUG}`, ARTICLE_TITLE);
      await shot.getByTestId('join-cta').first().waitFor();
      await shot.getByTestId('comment').first().waitFor();
      await saveScreenshot(shot, `article-${name}`, fullPage);
    } finally {
      await shot.close();
    }
  });
});

describe('the home page with more articles than fit on a page', () => {
  let adminToken: string;
  const created: string[] = [];

  async function admin(path: string, method: string, body?: unknown): Promise<Response> {
    return fetch(`${E2E_CMS_URL}/content-manager/collection-types/api::article.article${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    const login = await fetch(`${E2E_CMS_URL}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(E2E_ADMIN),
    });
    adminToken = ((await login.json()) as { data: { token: string } }).data.token;
    for (let index = 1; index <= 4; index += 1) {
      const response = await admin('', 'POST', {
        title: `Brève de pagination ${index}`,
        slug: `breve-de-pagination-${index}`,
        excerpt: `Une brève publiée pour tester la pagination (${index}).`,
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Une brève.' }] }],
        commentsClosed: false,
      });
      expect(response.status).toBe(201);
      const { data } = (await response.json()) as { data: { documentId: string } };
      created.push(data.documentId);
      expect((await admin(`/${data.documentId}/actions/publish`, 'POST', {})).status).toBe(200);
    }
  });

  afterAll(async () => {
    for (const documentId of created) await admin(`/${documentId}`, 'DELETE');
  });

  it('shows nine cards a page, with a French pagination that keeps the page in the address', async () => {
    await open(page, '/', 'Derniers articles');
    expect(await page.getByTestId('article-card').count()).toBe(9);
    const pagination = page.getByRole('navigation', { name: 'Pagination' });
    expect(await pagination.locator('[aria-current="page"]').textContent()).toContain('1');
    expect(await pagination.getByRole('link', { name: 'Page précédente' }).count()).toBe(0);

    await pagination.getByRole('link', { name: 'Page suivante' }).click();
    await page.waitForURL(`${E2E_WEB_URL}/?page=2`);
    await expect.poll(() => page.getByTestId('article-card').count()).toBe(1);
    await expect.poll(() => page.title()).toBe('Derniers articles, page 2 – Kiosque');
    expect(await pagination.locator('[aria-current="page"]').textContent()).toContain('2');
    expect(await pagination.getByRole('link', { name: 'Page suivante' }).count()).toBe(0);

    // The address alone brings a reader back to the same page.
    await open(page, '/?page=2', 'Derniers articles');
    expect(await page.getByTestId('article-card').count()).toBe(1);
    await page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: 'Page 1' }).click();
    await page.waitForURL(`${E2E_WEB_URL}/`);
    await expect.poll(() => page.getByTestId('article-card').count()).toBe(9);
    expect(pageProblems).toEqual([]);
  });
});
