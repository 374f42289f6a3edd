/// <reference lib="dom" />
// (waitForApp's callback runs in the page: it reads the DOM.)
import { HEADLESS_CHROMIUM_ARGS } from '@kiosque/shared';
import { chromium, type Browser, type Page } from 'playwright-core';

// A reader's Chrome: the CMS does not count a join click from "HeadlessChrome", which scrapers use.
export const READER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

// Debian's Chromium; the flags keep it from reaching out to the network, which this machine lacks.
// `extraArgs`: more flags (deploy/topology maps the admin's host name to this machine).
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...HEADLESS_CHROMIUM_ARGS, `--user-agent=${READER_USER_AGENT}`, ...extraArgs],
  });
}

/** Fails the test on any script error or dialog the page raises. */
export function watchForPageErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

/**
 * Collects every console error and warning a page logs: a hydration mismatch (Vue's production build
 * logs "Hydration completed but contains mismatches."), a failed request, a CSP violation.
 */
export function watchForConsoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  return problems;
}

/** Waits until the SPA has mounted (hydrated, for a page the server rendered): Vue marks #app. */
export async function waitForApp(page: Page): Promise<void> {
  await page.waitForFunction(() => '__vue_app__' in (document.getElementById('app') ?? {}));
}
