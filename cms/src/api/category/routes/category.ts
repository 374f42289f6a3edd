import { factories } from '@strapi/strapi';

// Readers only read; editors write in the admin.
export default factories.createCoreRouter('api::category.category', {
  only: ['find', 'findOne'],
});
