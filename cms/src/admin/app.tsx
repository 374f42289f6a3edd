import type { StrapiApp } from '@strapi/strapi/admin';

export default {
  config: {
    // Editors write in French; English stays available in their profile.
    locales: ['fr'],
  },
  bootstrap(_app: StrapiApp) {},
};
