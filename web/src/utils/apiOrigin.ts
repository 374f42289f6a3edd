/**
 * Origin of the CMS, e.g. `http://localhost:1337`, or empty for the origin that served the page (a
 * production build's default); media URLs are relative to it. vite.config.ts resolves it.
 */
export const API_ORIGIN = (import.meta.env.VITE_API_URL ?? '').replace(/\/+$/, '');
