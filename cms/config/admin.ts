import type { Core } from '@strapi/strapi';
import { previews } from '../src/services';
import { secret } from '../src/utils/secrets';
import site from './site';

const PREVIEWED_UID = 'api::article.article';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: {
    secret: secret('ADMIN_JWT_SECRET'),
  },
  apiToken: {
    salt: secret('API_TOKEN_SALT'),
  },
  transfer: {
    token: {
      salt: secret('TRANSFER_TOKEN_SALT'),
    },
  },
  secrets: {
    encryptionKey: secret('ENCRYPTION_KEY'),
  },
  // An API-only instance (or the benchmark) runs without the admin build.
  serveAdminPanel: env.bool('SERVE_ADMIN_PANEL', true),
  // `npm start` prints the admin's address; opening a browser tab on every restart is in the way
  // (ADMIN_AUTO_OPEN=true brings it back).
  autoOpen: env.bool('ADMIN_AUTO_OPEN', false),
  flags: {
    nps: false,
    promoteEE: false,
  },
  url: env('ADMIN_PATH', '/admin'),
  // The content manager's preview opens an article (draft or published) in the reader site, through a
  // short-lived signed link (src/api/preview); other content types have no page, hence no preview.
  preview: {
    enabled: true,
    config: {
      // The admin shows the preview in an iframe: its Content-Security-Policy must allow the site.
      allowedOrigins: [new URL(site({ env }).url).origin],
      handler: (uid, { documentId, status }) => {
        if (uid !== PREVIEWED_UID || !documentId) return null;
        return previews(strapi).articlePreviewUrl(documentId, status);
      },
    },
  },
});

export default config;
