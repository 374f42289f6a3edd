import type { CommunityPlatform } from '../types.js';

/** Where a pool is printed and shared: `/rejoindre/<slug>` on the reader site. */
export const POOL_PATH_PREFIX = '/rejoindre/';

/** A pool's slug: lower-case words of letters and digits joined by single hyphens, as printed. */
export const POOL_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+){0,15}$/;
export const POOL_SLUG_MAX_LENGTH = 80;

/** How many members a WhatsApp group takes (WhatsApp's own limit). */
export const WHATSAPP_GROUP_CAP = 1024;

/** The platforms a pool rotates through, and those its fallback may be (they have no cap that matters). */
export const POOL_GROUP_PLATFORMS: readonly CommunityPlatform[] = ['whatsapp_group'];
export const POOL_FALLBACK_PLATFORMS: readonly CommunityPlatform[] = ['whatsapp_channel', 'telegram'];

export function isPoolSlug(input: unknown): input is string {
  return typeof input === 'string' && input.length <= POOL_SLUG_MAX_LENGTH && POOL_SLUG.test(input);
}

/** What the rotation needs to know of one group of a pool. */
export interface PoolSeatGroup {
  active: boolean;
  /** An editor said so: the group takes no one, whatever the estimate. */
  full: boolean;
  /** The member count an editor entered (0 when none was). */
  members: number;
  /** Readers sent to the group since that count was entered: by the pool, its join block or its QR code. */
  joins: number;
}

/** The estimate: the count the editor entered plus the readers sent since. */
export function estimatedMembers(group: PoolSeatGroup): number {
  return group.members + group.joins;
}

/** Whether a group can take one more reader: shown, not said full, and its estimate under the cap. */
export function hasSeat(group: PoolSeatGroup, cap: number): boolean {
  return group.active && !group.full && estimatedMembers(group) < cap;
}

/**
 * The groups a visit may go to, in the pool's order: each one that still has a seat. The first is
 * the one a reader is sent to; the next ones are tried only if another visitor took the first's
 * last seat meanwhile (the database decides, see cms/src/db/pool-seats.ts). Empty: the fallback.
 */
export function groupsWithSeats<T extends PoolSeatGroup>(groups: readonly T[], cap: number): T[] {
  return groups.filter((group) => hasSeat(group, cap));
}

/** Seats left in the whole pool: what its groups that take readers can still take (never negative). */
export function seatsLeft(groups: readonly PoolSeatGroup[], cap: number): number {
  return groups.reduce(
    (total, group) => total + (hasSeat(group, cap) ? cap - estimatedMembers(group) : 0),
    0,
  );
}

/** Nearly full once fewer seats than the threshold are left (a threshold of 0: never said). */
export function isNearlyFull(seats: number, threshold: number): boolean {
  return seats < threshold;
}
