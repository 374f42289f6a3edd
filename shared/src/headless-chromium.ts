/**
 * How our tools start Debian's Chromium through playwright-core (the browser tests in web/e2e and
 * `npm run bench`): headless, and kept from reaching out to the network, which these machines lack.
 * Each caller adds its own flags (the browser tests, a reader's user agent).
 */
export const HEADLESS_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
] as const;
