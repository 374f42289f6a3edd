import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::community-group.community-group', () => ({
  /** Readers see active groups only, in the order editors chose. */
  publicListQuery(query: Record<string, unknown>): Record<string, unknown> {
    const activeOnly = { active: { $eq: true } };
    return {
      filters: query.filters ? { $and: [query.filters, activeOnly] } : activeOnly,
      pagination: query.pagination,
      sort: ['displayOrder:asc', 'name:asc'],
    };
  },
}));
