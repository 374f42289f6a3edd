import { factories } from '@strapi/strapi';

// Readers list approved comments and post new ones; moderation happens in the admin.
export default factories.createCoreRouter('api::comment.comment', {
  only: ['find', 'create'],
});
