import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::community-group.community-group', {
  only: ['find'],
});
