import type { StrapiApp } from '@strapi/strapi/admin';
import { PrivacyIcon } from './PrivacyIcon';

/**
 * « Données personnelles »: an editor exports or erases what the site keeps about a commenter's
 * address. Shown to editors who may read comments; the erasure route itself asks for the delete right.
 */
export function registerPrivacyPage(app: StrapiApp): void {
  app.addMenuLink({
    to: 'donnees-personnelles',
    icon: PrivacyIcon,
    intlLabel: { id: 'kiosque.privacy.menu', defaultMessage: 'Données personnelles' },
    permissions: [{ action: 'plugin::content-manager.explorer.read', subject: 'api::comment.comment' }],
    Component: () => import('./PrivacyPage'),
  });
}
