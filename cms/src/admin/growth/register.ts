import type { StrapiApp } from '@strapi/strapi/admin';
import { GrowthIcon } from './GrowthIcon';

/** The growth dashboard (joins, views, shares, copy tests): a page of its own in the admin's menu. */
export function registerGrowthDashboard(app: StrapiApp): void {
  app.addMenuLink({
    to: 'croissance',
    icon: GrowthIcon,
    intlLabel: { id: 'kiosque.growth.menu', defaultMessage: 'Croissance' },
    permissions: [],
    Component: () => import('./GrowthDashboardPage'),
  });
}
