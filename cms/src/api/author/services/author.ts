import { factories } from '@strapi/strapi';
import { oneOf, positiveInteger, text, type QueryAllowList } from '../../../utils/public-query';

const FIELDS = oneOf('name', 'slug', 'bio');

/** What the public author list takes: a lookup by slug, some fields, a page, by name. */
export const READER_LIST_QUERY: QueryAllowList = {
  'filters[slug][$eq]': text,
  'fields[*]': FIELDS,
  sort: oneOf('name', 'name:asc', 'name:desc'),
  'pagination[page]': positiveInteger(),
  'pagination[pageSize]': positiveInteger(100),
};

export const READER_ITEM_QUERY: QueryAllowList = { 'fields[*]': FIELDS };

export default factories.createCoreService('api::author.author');
