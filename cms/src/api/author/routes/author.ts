import { factories } from '@strapi/strapi';
import { acceptOnly } from '../../../utils/public-query';
import { READER_ITEM_QUERY, READER_LIST_QUERY } from '../services/author';

// Readers only read; editors write in the admin. Anything but what a reader needs is refused before
// Strapi reads it (src/utils/public-query.ts).
export default factories.createCoreRouter('api::author.author', {
  only: ['find', 'findOne'],
  config: {
    find: { middlewares: [acceptOnly(READER_LIST_QUERY)] },
    findOne: { middlewares: [acceptOnly(READER_ITEM_QUERY)] },
  },
});
