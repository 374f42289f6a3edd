import type { Core } from '@strapi/strapi';

/**
 * The reader site's public address, without a trailing slash: canonical links, feeds, sitemaps and
 * draft previews point there. In production the web front and the CMS share it (nginx proxies /api);
 * on a laptop the SPA runs on Vite's port.
 */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  url: (env('SITE_URL', '') || env('PUBLIC_URL', '') || 'http://localhost:5173').replace(/\/+$/, ''),
});

export default config;
