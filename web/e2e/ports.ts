/** Where the end-to-end run serves the real CMS and the built SPA (away from `npm start`'s ports). */
export const E2E_CMS_URL = 'http://127.0.0.1:1339';
export const E2E_WEB_URL = 'http://127.0.0.1:4179';
export const ARTIFACTS_DIR = new URL('./artifacts/', import.meta.url);

/** The administrator the end-to-end CMS creates at boot, for editor actions in the tests. */
export const E2E_ADMIN = { email: 'editeur.e2e@kiosque.test', password: 'Kiosque-E2E-2026' };
