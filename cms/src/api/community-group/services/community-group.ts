import { factories } from '@strapi/strapi';

const GROUP_UID = 'api::community-group.community-group';
const PUBLIC_SORT: ('displayOrder:asc' | 'name:asc')[] = ['displayOrder:asc', 'name:asc'];

export default factories.createCoreService(GROUP_UID, ({ strapi }) => ({
  /** The active groups, in the order editors chose, as the public list answers them. */
  async findPublic() {
    return strapi.documents(GROUP_UID).findMany({
      filters: { active: { $eq: true } },
      sort: PUBLIC_SORT,
      limit: 100,
    });
  },

  /** Readers see active groups only, in the order editors chose. */
  publicListQuery(query: Record<string, unknown>): Record<string, unknown> {
    const activeOnly = { active: { $eq: true } };
    return {
      filters: query.filters ? { $and: [query.filters, activeOnly] } : activeOnly,
      pagination: query.pagination,
      sort: PUBLIC_SORT,
    };
  },
}));
