import { factories, type Core } from '@strapi/strapi';
import {
  groupsWithSeats,
  isNearlyFull,
  isPoolSlug,
  POOL_FALLBACK_PLATFORMS,
  POOL_GROUP_PLATFORMS,
  seatsLeft,
  validateInviteUrl,
  type CommunityPlatform,
} from '@kiosque/shared';
import { isReaderClick, perMinuteLimiter } from '../../../clicks/reader-clicks';
import { readerCounters } from '../../../counting/reader-counters';
import { poolSeats, type PoolGroupRow } from '../../../db/pool-seats';
import { mail } from '../../../services';
import { hashIp } from '../../../utils/keyed-hashes';

const POOL_UID = 'api::group-pool.group-pool';

/** A visit to a pool's address, as the controller sees it. */
export interface PoolVisit {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The client's address (`ctx.request.ip`); only a keyed hash of it is kept, in memory. */
  ip: string;
}

export interface PoolSummary {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  cap: number;
  nearlyFullThreshold: number;
}

export type VisitOutcome =
  | { kind: 'unknown' }
  /** Every group is full and the pool has no usable fallback. */
  | { kind: 'nowhere'; pool: PoolSummary }
  | { kind: 'group' | 'fallback'; inviteUrl: string; groupDocumentId: string; seated: boolean };

interface StoredPool {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  cap?: number | null;
  nearlyFullThreshold?: number | null;
  fallback?: { documentId: string; platform: string; inviteUrl: string; active?: boolean | null } | null;
}

function summary(pool: StoredPool): PoolSummary {
  return {
    id: pool.id,
    documentId: pool.documentId,
    name: pool.name,
    slug: pool.slug,
    cap: pool.cap ?? 1024,
    nearlyFullThreshold: pool.nearlyFullThreshold ?? 0,
  };
}

/** A group a reader may be sent to: one of the pool's platforms, with a link valid for it. */
function usable(group: { platform: string; inviteUrl: string }, platforms: readonly CommunityPlatform[]) {
  return (
    platforms.includes(group.platform as CommunityPlatform) &&
    validateInviteUrl(group.platform, group.inviteUrl).ok
  );
}

/**
 * Editors are told a pool is nearly full: the admin shows it (the pool's `nearlyFull` and
 * `seatsLeft`, in the list and on the pool), and the moderators chosen in the comment settings get
 * an e-mail (through the outbox: a mail server that is down delays it, never the reader's visit).
 * Called once per crossing of the threshold.
 */
function notifyNearlyFull(strapi: Core.Strapi, pool: PoolSummary, seats: number): void {
  strapi.log.warn(
    `Pool "${pool.slug}" is nearly full: ${seats} seats left (threshold ${pool.nearlyFullThreshold}).`,
  );
  mail(strapi)
    .poolNearlyFull(pool, seats)
    .catch((error: unknown) => strapi.log.warn(`Pool "${pool.slug}": mail not queued (${String(error)}).`));
}

function groupPoolMethods({ strapi }: { strapi: Core.Strapi }) {
  // Beyond this, one address's visits still get a group but take no seat: a script cannot empty a
  // pool into its fallback (the same allowance as counted clicks on an invitation).
  const limiter = perMinuteLimiter();

  /**
   * A reader sent to a group (or the fallback channel) is a join for it, like a click on its
   * invitation: the same rule (a reader's GET, within the per-address allowance) decides both.
   */
  function countJoin(groupDocumentId: string, poolDocumentId: string): void {
    readerCounters(strapi).count({
      kind: 'pool',
      groupDocumentId,
      articleDocumentId: '',
      variant: '',
      network: '',
      poolDocumentId,
    });
  }

  async function findPool(filters: Record<string, unknown>): Promise<StoredPool | null> {
    return (await strapi.documents(POOL_UID).findFirst({
      filters,
      fields: ['name', 'slug', 'cap', 'nearlyFullThreshold'],
      populate: { fallback: { fields: ['platform', 'inviteUrl', 'active'] } },
    })) as unknown as StoredPool | null;
  }

  /** Stores the seats left and the nearly-full flag; tells editors when the pool has just become nearly full. */
  async function recordStatus(
    pool: PoolSummary,
    groups: PoolGroupRow[],
    lowerOnly: boolean,
  ): Promise<number> {
    const seats = seatsLeft(
      groups.filter((group) => usable(group, POOL_GROUP_PLATFORMS)),
      pool.cap,
    );
    const repository = poolSeats(strapi);
    await repository.recordSeatsLeft(pool.id, seats, { lowerOnly });
    const nearlyFull = isNearlyFull(seats, pool.nearlyFullThreshold);
    // After a visit the flag only ever goes up; it comes down when an editor makes room.
    if (nearlyFull || !lowerOnly) {
      const changed = await repository.setNearlyFull(pool.id, nearlyFull);
      if (changed && nearlyFull) notifyNearlyFull(strapi, pool, seats);
    }
    return seats;
  }

  return {
    /**
     * Where a visit to `/rejoindre/<slug>` goes: the first group of the pool, in its order, that has a
     * seat (see groupsWithSeats); a reader's visit takes that seat in the database, a bot's, a
     * prefetch's or a HEAD's does not. With no seat left, the pool's fallback channel.
     */
    async visit(slug: string, request: PoolVisit): Promise<VisitOutcome> {
      if (!isPoolSlug(slug)) return { kind: 'unknown' };
      const stored = await findPool({ slug: { $eq: slug } });
      if (!stored) return { kind: 'unknown' };
      const pool = summary(stored);
      const repository = poolSeats(strapi);
      const groups = await repository.groupsOf(pool.id);
      const candidates = groupsWithSeats(
        groups.filter((group) => usable(group, POOL_GROUP_PLATFORMS)),
        pool.cap,
      );
      const takesSeat = isReaderClick(request) && limiter.take(`${hashIp(request.ip)} ${pool.id}`);

      for (const group of candidates) {
        if (!takesSeat) {
          return {
            kind: 'group',
            inviteUrl: group.inviteUrl,
            groupDocumentId: group.documentId,
            seated: false,
          };
        }
        const joins = await repository.takeSeat(group.id, pool.cap);
        // null: another visitor took its last seat meanwhile, so the next group.
        if (joins === null) continue;
        try {
          // Read again: other visitors may have taken seats in the other groups meanwhile.
          await recordStatus(pool, await repository.groupsOf(pool.id), true);
        } catch (error) {
          // The seat is taken; the status catches up at the next visit or edit.
          strapi.log.warn(`Pool "${pool.slug}": status not updated (${String(error)}).`);
        }
        countJoin(group.documentId, stored.documentId);
        return { kind: 'group', inviteUrl: group.inviteUrl, groupDocumentId: group.documentId, seated: true };
      }

      const fallback = stored.fallback;
      if (fallback && fallback.active === true && usable(fallback, POOL_FALLBACK_PLATFORMS)) {
        if (takesSeat) countJoin(fallback.documentId, stored.documentId);
        return {
          kind: 'fallback',
          inviteUrl: fallback.inviteUrl,
          groupDocumentId: fallback.documentId,
          seated: false,
        };
      }
      return { kind: 'nowhere', pool };
    },

    /** Recomputes a pool's seats left and nearly-full flag after an editor's change (to it or its groups). */
    async refreshStatus(poolId: number): Promise<number | null> {
      const stored = await findPool({ id: { $eq: poolId } });
      if (!stored) return null;
      const pool = summary(stored);
      return recordStatus(pool, await poolSeats(strapi).groupsOf(pool.id), false);
    },

    /**
     * A counted click or QR scan on a group's own join block: if the group is in a pool, the reader
     * takes a seat in it as a pool's visit would (its estimate counts every join), and its pools' seats
     * left go down.
     */
    async countJoinOutsidePool(groupDocumentId: string): Promise<void> {
      const repository = poolSeats(strapi);
      const groupId = await repository.countJoinOutsidePool(groupDocumentId);
      if (groupId === null) return;
      for (const poolId of await repository.poolsOfGroup(groupId)) {
        const stored = await findPool({ id: { $eq: poolId } });
        if (stored) await recordStatus(summary(stored), await repository.groupsOf(poolId), true);
      }
    },

    /** Refreshes every pool a group belongs to (its member count, fullness or link changed). */
    async refreshPoolsOfGroup(groupId: number): Promise<void> {
      for (const poolId of await poolSeats(strapi).poolsOfGroup(groupId)) await this.refreshStatus(poolId);
    },
  };
}

export type GroupPoolService = ReturnType<typeof groupPoolMethods>;

export default factories.createCoreService(POOL_UID, groupPoolMethods);
