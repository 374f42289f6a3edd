import { describe, expect, it } from 'vitest';
import { BYTE_BUDGET, describeWeight, pageWeight } from '../server/budget';
import { E2E_WEB_URL } from './ports';

// Plain HTTP against the production build and page server of global-setup.ts, on the demo content:
// the bytes a phone must receive before each page is usable (web/server/budget.ts).
const PAGES = [
  ['article', '/articles/community-manager-ou-social-media-manager'],
  ['home', '/'],
  ['category', '/categorie/emploi'],
] as const;

describe('the byte budget of a first visit', () => {
  it.each(PAGES)(
    `keeps the %s page within ${BYTE_BUDGET.totalKb} KB of HTML, CSS and JavaScript (gzip), ${BYTE_BUDGET.javaScriptKb} KB of it JavaScript`,
    async (name, path) => {
      const weight = await pageWeight(`${E2E_WEB_URL}${path}`);
      const line = describeWeight(name, weight);
      console.info(`[budget] ${line}`);

      // The page is there: rendered HTML and its code, not an empty shell that would weigh nothing.
      expect(weight.files.filter((file) => file.kind === 'js').length, line).toBeGreaterThan(0);
      expect(weight.htmlKb, line).toBeGreaterThan(1);
      expect(weight.javaScriptKb, line).toBeLessThanOrEqual(BYTE_BUDGET.javaScriptKb);
      expect(weight.totalKb, line).toBeLessThanOrEqual(BYTE_BUDGET.totalKb);
    },
  );

  it('puts the stylesheet inside the page: no stylesheet to wait for before the first paint', async () => {
    const html = await (await fetch(`${E2E_WEB_URL}${PAGES[0][1]}`)).text();
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/);
    expect(html).toMatch(/<style>[^<]*\.site-header/);
  });
});
