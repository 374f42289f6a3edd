import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchChromium, watchForPageErrors } from './browser';

// Live bindings: a spec imports them once and reads the current test's page (reassigned before each).
export let browser: Browser;
/** A fresh French reader's tab for each test, closed after it. */
export let page: Page;
/** The script errors and dialogs `page` raised during the test (expected to stay empty). */
export let pageProblems: string[];

/**
 * One Chromium for the spec file and a new tab per test, so that no test sees another's cookies,
 * storage or open dialogs. Called once at the top of a spec, before its own hooks.
 */
export function openPagePerTest(viewport: { width: number; height: number }): void {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport, locale: 'fr-FR' });
    pageProblems = watchForPageErrors(page);
  });
  afterEach(async () => {
    await page?.close();
  });
}
