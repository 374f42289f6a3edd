import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './ports';

const DOCS_DIR = new URL('../../docs/screenshots/', import.meta.url);

/** Loads the images a screenshot will show, lazy ones included, and waits until all are drawn. */
async function loadAllImages(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const images = [...document.images];
    for (const image of images) image.loading = 'eager';
    await Promise.all(
      images.map((image) =>
        image.complete
          ? undefined
          : new Promise((resolve) => {
              image.addEventListener('load', resolve, { once: true });
              image.addEventListener('error', resolve, { once: true });
            }),
      ),
    );
  });
}

/**
 * Writes a screenshot to e2e/artifacts/, and with UPDATE_SCREENSHOTS=1 also to docs/screenshots/
 * (the ones the README shows).
 */
export async function saveScreenshot(page: Page, name: string, fullPage: boolean): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await loadAllImages(page);
  const file = fileURLToPath(new URL(`${name}.png`, ARTIFACTS_DIR));
  await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS_DIR, { recursive: true });
    copyFileSync(file, fileURLToPath(new URL(`${name}.png`, DOCS_DIR)));
  }
  return file;
}
