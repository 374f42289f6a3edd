import { factories } from '@strapi/strapi';
import { oneOf, positiveInteger, text, type QueryAllowList } from '../../../utils/public-query';

const FIELDS = oneOf('name', 'slug', 'description');

/**
 * What the public category list takes: the header's list by name and a category page's lookup by
 * slug (web/src/api/categories.ts, web/server/cms.ts).
 */
export const READER_LIST_QUERY: QueryAllowList = {
  'filters[slug][$eq]': text,
  'fields[*]': FIELDS,
  sort: oneOf('name', 'name:asc', 'name:desc'),
  'pagination[page]': positiveInteger(),
  'pagination[pageSize]': positiveInteger(100),
};

export const READER_ITEM_QUERY: QueryAllowList = { 'fields[*]': FIELDS };

export default factories.createCoreService('api::category.category');
