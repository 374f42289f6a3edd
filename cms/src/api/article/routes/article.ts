import { factories } from '@strapi/strapi';

// Readers only ever read articles; writing happens in the admin.
export default factories.createCoreRouter('api::article.article', {
  only: ['find', 'findOne'],
});
