import { factories } from '@strapi/strapi';
import { acceptOnly } from '../../../utils/public-query';
import { READER_LIST_QUERY } from '../services/redirect';

// The page server reads the whole list, page by page (web/server/redirects.ts); editors and the
// importer write. Anything else in the query string is refused before Strapi reads it.
export default factories.createCoreRouter('api::redirect.redirect', {
  only: ['find'],
  config: {
    find: { middlewares: [acceptOnly(READER_LIST_QUERY)] },
  },
});
