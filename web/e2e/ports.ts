/**
 * Where the end-to-end run serves the real CMS and the built SPA (away from `npm start`'s ports).
 * Two checkouts can run their browser tests side by side with E2E_CMS_PORT / E2E_WEB_PORT.
 */
export const E2E_CMS_URL = `http://127.0.0.1:${process.env.E2E_CMS_PORT ?? '1339'}`;
export const E2E_WEB_URL = `http://127.0.0.1:${process.env.E2E_WEB_PORT ?? '4179'}`;
export const ARTIFACTS_DIR = new URL('./artifacts/', import.meta.url);
