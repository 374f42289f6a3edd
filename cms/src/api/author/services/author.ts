import { factories } from '@strapi/strapi';
import { catalogueQueries } from '../../../utils/public-query';

/** What the public author list and an author take (see catalogueQueries). */
export const { list: READER_LIST_QUERY, item: READER_ITEM_QUERY } = catalogueQueries('name', 'slug', 'bio');

export default factories.createCoreService('api::author.author');
