import { factories } from '@strapi/strapi';
import { acceptOnly } from '../../../utils/public-query';
import { READER_ITEM_QUERY, READER_LIST_QUERY } from '../services/category';

// Readers only read; editors write in the admin. They send only what the reader site sends; anything
// else is refused before Strapi reads it (src/utils/public-query.ts).
export default factories.createCoreRouter('api::category.category', {
  only: ['find', 'findOne'],
  config: {
    find: { middlewares: [acceptOnly(READER_LIST_QUERY)] },
    findOne: { middlewares: [acceptOnly(READER_ITEM_QUERY)] },
  },
});
