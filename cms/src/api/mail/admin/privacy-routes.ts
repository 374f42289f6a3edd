import type { Core } from '@strapi/strapi';

/**
 * The admin's privacy routes (the « Données personnelles » page): admin routes, so the admin's
 * session token and the editor's role decide, registered on the admin router before the server
 * mounts. The export needs the right to read comments, the erasure the right to delete them (it
 * removes what names their author for good). Both are POSTs with the address in the body: an
 * address in a URL would end up in every access log on the way. Paths: PRIVACY_ADMIN_API.
 */

const CONTROLLER = 'api::mail.mail-privacy-admin';
const INFO = { apiName: 'mail' };

const allowed = (action: string) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [[action, 'api::comment.comment']] } },
];

export function registerPrivacyAdminRoutes(strapi: Core.Strapi): void {
  strapi.server.routes({
    type: 'admin',
    prefix: '/admin',
    routes: [
      {
        method: 'POST',
        path: '/kiosque/privacy/export',
        handler: `${CONTROLLER}.export`,
        info: INFO,
        config: { policies: allowed('plugin::content-manager.explorer.read') },
      },
      {
        method: 'POST',
        path: '/kiosque/privacy/erase',
        handler: `${CONTROLLER}.erase`,
        info: INFO,
        config: { policies: allowed('plugin::content-manager.explorer.delete') },
      },
    ],
  });
}
