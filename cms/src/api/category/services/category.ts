import { factories } from '@strapi/strapi';
import { catalogueQueries } from '../../../utils/public-query';

/**
 * What the public category list and a category take: the header's list by name and a category
 * page's lookup by slug (web/src/api/categories.ts, web/server/cms.ts).
 */
export const { list: READER_LIST_QUERY, item: READER_ITEM_QUERY } = catalogueQueries(
  'name',
  'slug',
  'description',
);

export default factories.createCoreService('api::category.category');
