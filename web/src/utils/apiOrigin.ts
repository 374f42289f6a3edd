/** Origin of the CMS, e.g. `http://localhost:1337`; media URLs are relative to it. */
export const API_ORIGIN = (import.meta.env.VITE_API_URL ?? 'http://localhost:1337').replace(/\/+$/, '');
