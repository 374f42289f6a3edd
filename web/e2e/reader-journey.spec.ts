import { describe, expect, it } from 'vitest';
import { approveCommentInAdmin, articleViewsInDashboard, clickStatsInAdmin } from './admin';
import { waitForApp } from './browser';
import { browser, openPagePerTest, page, pageProblems } from './page-per-test';
import { E2E_CMS_URL, E2E_WEB_URL } from './ports';

const DEMO_SLUG = 'community-manager-ou-social-media-manager';
const DEMO_TITLE = 'Community manager ou social media manager : quelle différence ?';
const JOBS_SLUG = 'cv-premier-emploi-numerique-cinq-conseils';
const JOBS_CHANNEL_URL = 'https://whatsapp.com/channel/0029KiosqueDemoOffresEmploi';

async function demoArticleDocumentId(slug = DEMO_SLUG): Promise<string> {
  const response = await fetch(`${E2E_CMS_URL}/api/articles/slug/${slug}`);
  const body = (await response.json()) as { data: { documentId: string } };
  return body.data.documentId;
}

openPagePerTest({ width: 1280, height: 900 });

describe('a reader on the Kiosque site', () => {
  it('goes from the home page to an article, sees the three join CTAs and posts a comment held for moderation', async () => {
    await page.goto(E2E_WEB_URL);
    await page.getByRole('link', { name: DEMO_TITLE }).click();
    await page.waitForURL(`${E2E_WEB_URL}/articles/${DEMO_SLUG}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(DEMO_TITLE);

    const ctas = page.getByTestId('join-cta');
    await ctas.first().waitFor();
    expect(await ctas.count()).toBe(3);
    expect(await ctas.locator('.cta__platform').allTextContents()).toEqual([
      'Groupe WhatsApp',
      'Groupe WhatsApp',
      'Telegram',
    ]);
    // Every join button goes through the CMS click counter, naming the article.
    const joinLinks = await ctas
      .locator('a')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    const articleId = await demoArticleDocumentId();
    expect(joinLinks).toHaveLength(3);
    for (const link of joinLinks) {
      expect(link).toMatch(new RegExp(`^${E2E_CMS_URL}/api/go/[a-z0-9]+\\?article=${articleId}$`));
    }

    await expect.poll(() => page.getByTestId('comment').count()).toBe(2);
    await expect
      .poll(() => page.getByText('Votre adresse e-mail ne sera pas publiée').count())
      .toBeGreaterThan(0);

    await page.locator('[name="authorName"]').fill('Lectrice du test');
    await page.locator('[name="authorEmail"]').fill('lectrice.e2e@example.org');
    await page.locator('[name="content"]').fill('Merci pour cet article très clair !');
    await page.getByRole('button', { name: 'Publier le commentaire' }).click();

    const success = page.getByTestId('comment-success');
    await success.waitFor();
    expect(await success.textContent()).toContain('en attente de modération');
    // Held for moderation: not shown to readers yet.
    expect(await page.getByTestId('comment').count()).toBe(2);
    expect(pageProblems).toEqual([]);
  });

  it('sees the job-offers channel under an Emploi article, and joining it goes through the click counter', async () => {
    await page
      .context()
      .route('https://whatsapp.com/**', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>Invitation</title>' }),
      );
    await page.goto(`${E2E_WEB_URL}/articles/${JOBS_SLUG}`);
    const ctas = page.getByTestId('join-cta');
    await ctas.first().waitFor();
    expect(await ctas.count()).toBe(1);
    expect(await ctas.locator('.cta__platform').textContent()).toContain('Chaîne WhatsApp');

    const redirect = page
      .context()
      .waitForEvent('response', (response) => response.url().includes('/api/go/'));
    const popup = page.waitForEvent('popup');
    await ctas.getByRole('link', { name: 'Suivre la chaîne' }).click();
    const response = await redirect;
    expect(response.status()).toBe(302);
    expect(response.headers().location).toBe(JOBS_CHANNEL_URL);
    await (await popup).waitForURL(JOBS_CHANNEL_URL);

    const articleId = await demoArticleDocumentId(JOBS_SLUG);
    // Clicks are counted in memory and written every few seconds (COUNT_FLUSH_MS).
    const countedHere = async () =>
      (await clickStatsInAdmin()).filter((stat) => stat.articleDocumentId === articleId);
    await expect.poll(async () => (await countedHere()).length, { timeout: 15_000 }).toBe(1);
    const stats = await countedHere();
    expect(stats.filter((stat) => stat.articleDocumentId === articleId)).toEqual([
      expect.objectContaining({ groupName: 'Chaîne Offres d’emploi', clicks: 1 }),
    ]);
    expect(pageProblems).toEqual([]);
  });

  it('shows a QR code of the invite link on a computer, and offers to share the article', async () => {
    const articleId = await demoArticleDocumentId();
    const viewsBefore = await articleViewsInDashboard(articleId);
    const beacon = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/beacon');
    await page.goto(`${E2E_WEB_URL}/articles/${DEMO_SLUG}`);
    await waitForApp(page);
    // A beacon goes only once a join block is on screen.
    await page.getByTestId('join-cta').first().scrollIntoViewIfNeeded();
    // The page server counted this view: the beacon carries only the join blocks on screen, naming
    // nothing but the article and groups.
    const sent = JSON.parse((await beacon).postData() ?? '{}') as {
      article: string;
      events: { kind: string }[];
    };
    expect(sent.article).toBe(articleId);
    expect(sent.events.length).toBeGreaterThan(0);
    expect(sent.events.filter((event) => event.kind === 'view')).toEqual([]);
    await expect.poll(() => articleViewsInDashboard(articleId), { timeout: 15_000 }).toBe(viewsBefore + 1);
    const firstCta = page.getByTestId('join-cta').first();
    await firstCta.getByRole('button', { name: 'Afficher le QR code' }).click();
    const qr = firstCta.getByRole('img', { name: /QR code pour rejoindre/ });
    await qr.waitFor();
    expect(await qr.locator('path').getAttribute('d')).toMatch(/^M\d/);

    const share = page.getByTestId('article-share');
    const whatsapp = await share.getByRole('link', { name: 'WhatsApp' }).getAttribute('href');
    expect(decodeURIComponent(whatsapp ?? '')).toBe(
      `https://wa.me/?text=À lire sur Kiosque : « ${DEMO_TITLE} » ${E2E_WEB_URL}/articles/${DEMO_SLUG}`,
    );
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: E2E_WEB_URL });
    await share.getByRole('button', { name: 'Copier le lien' }).click();
    await expect.poll(() => share.getByRole('status').textContent()).toBe('Lien copié !');
    expect(pageProblems).toEqual([]);
  });

  it('counts an article reached by a link inside the site with a beacon, which the page server never saw', async () => {
    await page.goto(`${E2E_WEB_URL}/articles/${DEMO_SLUG}`);
    await waitForApp(page);
    // An article's own link (each card links its category too).
    const related = page.getByTestId('related').locator('a[href^="/articles/"]').first();
    const href = new URL((await related.getAttribute('href')) ?? '', E2E_WEB_URL).pathname;
    const beacon = page.waitForRequest(
      (request) =>
        new URL(request.url()).pathname === '/api/beacon' &&
        (JSON.parse(request.postData() ?? '{}') as { events?: { kind: string }[] }).events?.some(
          (event) => event.kind === 'view',
        ) === true,
    );
    await related.click();
    await page.waitForURL(`${E2E_WEB_URL}${href}`);
    const sent = JSON.parse((await beacon).postData() ?? '{}') as { article: string };
    // The article shown now, not the one the page was loaded with.
    expect(sent.article).toMatch(/^[a-z0-9]{24}$/);
    expect(sent.article).not.toBe(await demoArticleDocumentId());
    expect(pageProblems).toEqual([]);
  });

  it('is told which fields to fix before anything is sent', async () => {
    await page.goto(`${E2E_WEB_URL}/articles/${DEMO_SLUG}`);
    await page.getByRole('button', { name: 'Publier le commentaire' }).waitFor();
    let posted = false;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/comments')) posted = true;
    });

    await page.locator('[name="authorEmail"]').fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Publier le commentaire' }).click();

    await expect.poll(() => page.getByText('Le nom est obligatoire.').count()).toBe(1);
    expect(await page.getByText("L'adresse e-mail n'est pas valide.").count()).toBe(1);
    expect(await page.getByText('Le commentaire est obligatoire.').count()).toBe(1);
    expect(await page.locator('[name="authorEmail"]').getAttribute('aria-invalid')).toBe('true');
    expect(posted).toBe(false);
  });

  it('sees a comment full of HTML and script shown as plain text, with nothing run', async () => {
    const payloads = [
      '<img src=x onerror="window.__xss=1">',
      '<script>window.__xss=2</script>',
      '<a href="javascript:window.__xss=3">clic</a>',
      '"><svg onload="window.__xss=4">',
    ];
    // Held for moderation, then approved by an editor, so the payload reaches the page.
    const response = await fetch(`${E2E_CMS_URL}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        data: {
          article: await demoArticleDocumentId(),
          authorName: '<b onmouseover="window.__xss=5">Pirate</b>',
          authorEmail: 'moussa.demo@example.org',
          content: payloads.join('\n'),
        },
      }),
    });
    expect(response.status).toBe(201);
    await approveCommentInAdmin(
      ((await response.json()) as { data: { documentId: string } }).data.documentId,
    );

    await page.goto(`${E2E_WEB_URL}/articles/${DEMO_SLUG}`);
    const hostile = page.getByTestId('comment').filter({ hasText: 'onerror' });
    await hostile.waitFor();
    const text = await hostile.textContent();
    for (const payload of payloads) expect(text).toContain(payload);
    expect(text).toContain('<b onmouseover="window.__xss=5">Pirate</b>');

    expect(await hostile.locator('img, script, svg, b, a[href^="javascript:"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(pageProblems).toEqual([]);
  });

  it('opening a shared article link shows it from the HTML, and asks the API only for later articles', async () => {
    const articlePageRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/pages/article/')) articlePageRequests.push(request.url());
    });
    await page.goto(`${E2E_WEB_URL}/articles/${DEMO_SLUG}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(DEMO_TITLE);
    await page.getByTestId('join-cta').first().waitFor();
    await page
      .getByRole('heading', { name: /commentaire/i })
      .first()
      .waitFor();
    // The data came with the HTML; the element carrying it is gone once read.
    expect(articlePageRequests).toEqual([]);
    expect(await page.locator('#kiosque-page-data').count()).toBe(0);

    // The next article is fetched as usual.
    await page.getByRole('link', { name: 'Kiosque', exact: true }).first().click();
    await page.getByRole('link', { name: DEMO_TITLE }).waitFor();
    const other = page.locator(`a[href="/articles/${JOBS_SLUG}"]`).first();
    await other.click();
    await page.waitForURL(`${E2E_WEB_URL}/articles/${JOBS_SLUG}`);
    await expect.poll(() => articlePageRequests.length).toBe(1);
    expect(articlePageRequests[0]).toContain(`/api/pages/article/${JOBS_SLUG}`);
    expect(pageProblems).toEqual([]);
  });

  it('gets a real 404 page for an unknown article', async () => {
    await page.goto(`${E2E_WEB_URL}/articles/cet-article-n-existe-pas`);
    await expect.poll(() => page.getByText('Article introuvable').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: /accueil/i }).count()).toBeGreaterThan(0);
  });

  it('gets a 404 page for an unknown address', async () => {
    await page.goto(`${E2E_WEB_URL}/une/adresse/inconnue`);
    await expect.poll(() => page.getByText('Page introuvable').count()).toBeGreaterThan(0);
  });

  it('is told when the API cannot be reached, and can try again', async () => {
    // The first page comes rendered with its data; the next one, reached in the app, asks the API.
    await page.goto(`${E2E_WEB_URL}/categorie/emploi`);
    await waitForApp(page);
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('link', { name: 'Tous les articles' }).click();
    const retry = page.getByRole('button', { name: /réessayer/i });
    await retry.waitFor();

    await page.unroute('**/api/**');
    await retry.click();
    await page.getByRole('link', { name: DEMO_TITLE }).waitFor();
  });

  it('reads the article comfortably on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    try {
      await phone.goto(`${E2E_WEB_URL}/articles/${DEMO_SLUG}`);
      await phone.getByTestId('join-cta').first().waitFor();
      const overflow = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await phone.close();
    }
  });
});
