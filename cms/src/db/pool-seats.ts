import type { Core } from '@strapi/strapi';
import type { Row } from './compiled';
import { modelTable, perStrapi } from './schema';

const GROUP_UID = 'api::community-group.community-group';
const POOL_UID = 'api::group-pool.group-pool';

type GroupAttribute =
  'documentId' | 'name' | 'platform' | 'inviteUrl' | 'active' | 'full' | 'members' | 'poolJoins';
type PoolAttribute = 'groups' | 'seatsLeft' | 'nearlyFull';

/** One group of a pool as the rotation reads it, straight from its row. */
export interface PoolGroupRow {
  id: number;
  documentId: string;
  name: string;
  platform: string;
  inviteUrl: string;
  active: boolean;
  full: boolean;
  members: number;
  joins: number;
}

/** A raw UPDATE … RETURNING's rows: an array from better-sqlite3, `{ rows }` from PostgreSQL. */
function returnedRows(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

function createPoolSeats(strapi: Core.Strapi) {
  const groups = modelTable<GroupAttribute>(strapi, GROUP_UID);
  const pools = modelTable<PoolAttribute>(strapi, POOL_UID);
  const link = pools.link('groups');
  const g = groups.column;
  const knex = () => strapi.db.connection;

  return {
    /** A pool's groups in the order editors gave them, with the counts capacity needs. */
    async groupsOf(poolId: number): Promise<PoolGroupRow[]> {
      const query = knex()(link.name)
        .join(groups.table, `${groups.table}.id`, `${link.name}.${link.inverseJoinColumn}`)
        .where(`${link.name}.${link.joinColumn}`, poolId)
        .select({
          id: `${groups.table}.id`,
          documentId: `${groups.table}.${g('documentId')}`,
          name: `${groups.table}.${g('name')}`,
          platform: `${groups.table}.${g('platform')}`,
          inviteUrl: `${groups.table}.${g('inviteUrl')}`,
          active: `${groups.table}.${g('active')}`,
          full: `${groups.table}.${g('full')}`,
          members: `${groups.table}.${g('members')}`,
          joins: `${groups.table}.${g('poolJoins')}`,
        });
      if (link.orderColumn !== undefined) query.orderBy(`${link.name}.${link.orderColumn}`, 'asc');
      const rows = (await query.orderBy(`${link.name}.id`, 'asc')) as Row[];
      return rows.map((row) => ({
        id: Number(row.id),
        documentId: String(row.documentId),
        name: String(row.name ?? ''),
        platform: String(row.platform ?? ''),
        inviteUrl: String(row.inviteUrl ?? ''),
        // SQLite answers 0 or 1, PostgreSQL a boolean.
        active: Boolean(row.active),
        full: Boolean(row.full),
        members: Number(row.members ?? 0),
        joins: Number(row.joins ?? 0),
      }));
    },

    /**
     * Takes one seat in a group if it still has one under `cap`, in a single conditional UPDATE: the
     * database evaluates the condition and the increment together (SQLite has one writer at a time;
     * PostgreSQL locks the row and checks the condition again on the row it locked), so two visitors,
     * on one CMS instance or two, never take the same last seat. Returns the group's joins since its
     * member count, or null when it had no seat left.
     */
    async takeSeat(groupId: number, cap: number): Promise<number | null> {
      const joins = g('poolJoins');
      const result: unknown = await knex().raw(
        `UPDATE ?? SET ?? = COALESCE(??, 0) + 1
          WHERE id = ? AND ?? = ? AND COALESCE(??, ?) = ? AND COALESCE(??, 0) + COALESCE(??, 0) < ?
          RETURNING ?? AS joins`,
        [
          groups.table,
          joins,
          joins,
          groupId,
          g('active'),
          true,
          g('full'),
          false,
          false,
          g('members'),
          joins,
          cap,
          joins,
        ],
      );
      const [row] = returnedRows(result);
      return row === undefined ? null : Number(row.joins);
    },

    /**
     * A reader sent to a group of a pool by another way than the pool's link (its join block under an
     * article, its QR code): one more join since its member count, whatever the cap (the reader is on
     * their way). Answers the group's row id, or null when the group is in no pool.
     */
    async countJoinOutsidePool(groupDocumentId: string): Promise<number | null> {
      const joins = g('poolJoins');
      const result: unknown = await knex().raw(
        `UPDATE ?? SET ?? = COALESCE(??, 0) + 1
          WHERE ?? = ? AND id IN (SELECT ?? FROM ??)
          RETURNING id`,
        [groups.table, joins, joins, g('documentId'), groupDocumentId, link.inverseJoinColumn, link.name],
      );
      const [row] = returnedRows(result);
      return row === undefined ? null : Number(row.id);
    },

    /** The pools a group belongs to (their row ids). */
    async poolsOfGroup(groupId: number): Promise<number[]> {
      const rows = (await knex()(link.name)
        .where(link.inverseJoinColumn, groupId)
        .distinct(link.joinColumn)) as Row[];
      return rows.map((row) => Number(row[link.joinColumn]));
    },

    /**
     * Stores a pool's seats left. After a visit, only a lower figure is written: visits that end out
     * of order never put back a higher one. An editor's change (`lowerOnly: false`) sets it outright.
     */
    async recordSeatsLeft(
      poolId: number,
      seats: number,
      { lowerOnly }: { lowerOnly: boolean },
    ): Promise<void> {
      const column = pools.column('seatsLeft');
      const query = knex()(pools.table).where('id', poolId);
      if (lowerOnly) query.andWhere((where) => where.whereNull(column).orWhere(column, '>', seats));
      await query.update({ [column]: seats });
    },

    /** Sets a pool's nearly-full flag; true only for the one call that changed it (so one e-mail, not many). */
    async setNearlyFull(poolId: number, nearlyFull: boolean): Promise<boolean> {
      const column = pools.column('nearlyFull');
      const changed = await knex()(pools.table)
        .where('id', poolId)
        .andWhere((where) => where.whereNull(column).orWhere(column, !nearlyFull))
        .update({ [column]: nearlyFull });
      return Number(changed) > 0;
    },
  };
}

/** The pools' raw queries for this Strapi instance (names resolved once). */
export const poolSeats = perStrapi(createPoolSeats);
