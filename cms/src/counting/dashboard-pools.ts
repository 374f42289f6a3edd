import type { Core } from '@strapi/strapi';
import {
  hasSeat,
  estimatedMembers,
  POOL_GROUP_PLATFORMS,
  POOL_PATH_PREFIX,
  seatsLeft,
  WHATSAPP_GROUP_CAP,
  type CommunityPlatform,
  type DashboardPool,
} from '@kiosque/shared';
import { poolSeats } from '../db/pool-seats';
import { readerCounts } from '../db/reader-counts';

const POOL_UID = 'api::group-pool.group-pool';

interface StoredPool {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  cap: number | null;
  nearlyFull: boolean | null;
  fallback?: { documentId: string } | null;
}

export interface PoolFigures {
  pools: DashboardPool[];
  /** Seats left per group of a pool (under the smallest cap of its pools). */
  groupSeats: Map<string, number>;
  /** Each pool's printed address, by documentId. */
  paths: Map<string, string>;
}

/**
 * The growth dashboard's pools: their seats and open groups now, as the rotation reads them
 * (db/pool-seats.ts; another instance's latest seats included, being in the database), and the joins each link sent, from the counters' pool column (a group in two
 * pools has its joins through each counted for that one).
 */
export async function dashboardPools(
  strapi: Core.Strapi,
  days: { from7: string; from30: string; to: string },
): Promise<PoolFigures> {
  const counts = readerCounts(strapi);
  const [stored, joins30, joins7] = await Promise.all([
    strapi.documents(POOL_UID).findMany({
      fields: ['name', 'slug', 'cap', 'nearlyFull'],
      populate: { fallback: { fields: ['documentId'] } },
      sort: ['name:asc'],
      limit: 200,
    }) as unknown as Promise<StoredPool[]>,
    counts.totals(days.from30, days.to, ['pool']),
    counts.totals(days.from7, days.to, ['pool']),
  ]);
  const sum = (rows: typeof joins30, poolDocumentId: string, groupDocumentId?: string) =>
    rows
      .filter(
        (row) =>
          row.poolDocumentId === poolDocumentId &&
          (groupDocumentId === undefined || row.groupDocumentId === groupDocumentId),
      )
      .reduce((total, row) => total + row.count, 0);

  const groupSeats = new Map<string, number>();
  const paths = new Map<string, string>();
  const pools: DashboardPool[] = [];
  for (const pool of stored) {
    const cap = pool.cap ?? WHATSAPP_GROUP_CAP;
    const groups = (await poolSeats(strapi).groupsOf(pool.id)).filter((group) =>
      POOL_GROUP_PLATFORMS.includes(group.platform as CommunityPlatform),
    );
    for (const group of groups) {
      const seats = hasSeat(group, cap) ? cap - estimatedMembers(group) : 0;
      groupSeats.set(group.documentId, Math.min(groupSeats.get(group.documentId) ?? seats, seats));
    }
    const path = `${POOL_PATH_PREFIX}${pool.slug}`;
    paths.set(pool.documentId, path);
    pools.push({
      documentId: pool.documentId,
      name: pool.name,
      path,
      groupsOpen: groups.filter((group) => hasSeat(group, cap)).length,
      groupsTotal: groups.length,
      seatsLeft: seatsLeft(groups, cap),
      nearlyFull: pool.nearlyFull === true,
      joins7: sum(joins7, pool.documentId),
      joins30: sum(joins30, pool.documentId),
      fallback30: pool.fallback ? sum(joins30, pool.documentId, pool.fallback.documentId) : 0,
    });
  }
  return { pools, groupSeats, paths };
}
