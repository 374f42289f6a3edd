import type { Core } from '@strapi/strapi';

/**
 * The admin's moderation routes. An API's own routers are always content-API routes (readers'
 * tokens); these are admin routes (the admin's session token, `ctx.state.userAbility`), registered
 * on the admin router before the server mounts. Under /admin, so that the admin host's proxy rules
 * (deploy/nginx.conf.template) already pass them. Paths: MODERATION_API in @kiosque/shared.
 */

const CONTROLLER = 'api::comment.comment-moderation';
const INFO = { apiName: 'comment' };

const authenticated = (action: string) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [[action, 'api::comment.comment']] } },
];

export function registerModerationRoutes(strapi: Core.Strapi): void {
  strapi.server.routes({
    type: 'admin',
    prefix: '/admin',
    routes: [
      {
        method: 'POST',
        path: '/kiosque/comments/moderate',
        handler: `${CONTROLLER}.moderate`,
        info: INFO,
        config: { policies: authenticated('plugin::content-manager.explorer.update') },
      },
      {
        method: 'GET',
        path: '/kiosque/comments/pending-count',
        handler: `${CONTROLLER}.pendingCount`,
        info: INFO,
        config: { policies: authenticated('plugin::content-manager.explorer.read') },
      },
      {
        method: 'GET',
        path: '/kiosque/comments/status-counts',
        handler: `${CONTROLLER}.statusCounts`,
        info: INFO,
        config: { policies: authenticated('plugin::content-manager.explorer.read') },
      },
      {
        method: 'GET',
        path: '/kiosque/comments/:documentId/thread',
        handler: `${CONTROLLER}.thread`,
        info: INFO,
        config: { policies: authenticated('plugin::content-manager.explorer.read') },
      },
      {
        method: 'POST',
        path: '/kiosque/comments/:documentId/reply',
        handler: `${CONTROLLER}.reply`,
        info: INFO,
        config: { policies: authenticated('plugin::content-manager.explorer.create') },
      },
    ],
  });
}
