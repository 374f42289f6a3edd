import type { StrapiApp } from '@strapi/strapi/admin';
import { registerGrowthDashboard } from './growth/register';

export default {
  config: {
    // Editors write in French; English stays available in their profile.
    locales: ['fr'],
  },
  register(app: StrapiApp) {
    registerGrowthDashboard(app);
  },
  bootstrap(_app: StrapiApp) {},
};
