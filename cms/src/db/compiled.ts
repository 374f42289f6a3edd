import { createHash } from 'node:crypto';
import type { Knex } from './schema';

type QueryBuilder = ReturnType<Knex['queryBuilder']>;

/**
 * One query shape, compiled once: its SQL with `?` placeholders and what each one takes, a parameter
 * or a value written into the shape (a LIMIT 1, a status).
 */
export interface CompiledStatement<P extends string> {
  sql: string;
  slots: ({ param: P } | { value: unknown })[];
}

/** Stands in for a parameter while a shape is built; a number where knex wants one (LIMIT). */
export interface Placeholder<P extends string> {
  (name: P): string;
  number(name: P): number;
}

/**
 * Builds a query shape with the knex query builder once, with a stand-in for each parameter, and
 * keeps the SQL knex wrote for this dialect and the order in which its bindings take the parameters.
 * Running it then costs no query building: only the values are bound (see `rowsOf`).
 */
export function compileStatement<P extends string>(
  build: (param: Placeholder<P>) => QueryBuilder,
): CompiledStatement<P> {
  const names = new Map<unknown, P>();
  const param = ((name: P) => {
    const standIn = `\u0000kiosque-param-${names.size}`;
    names.set(standIn, name);
    return standIn;
  }) as Placeholder<P>;
  param.number = (name: P) => {
    // Far above any LIMIT a rule asks for, and distinct per parameter.
    const standIn = 987_654_321 + names.size;
    names.set(standIn, name);
    return standIn;
  };
  // `sql` has knex's `?` placeholders, which `raw` takes (and numbers itself on PostgreSQL).
  const { sql, bindings } = build(param).toSQL();
  const slots = bindings.map((binding) => {
    const name = names.get(binding);
    return name === undefined ? { value: binding } : { param: name };
  });
  return { sql, slots };
}

/** Compiles each shape at its first use and keeps it (shapes with a list of n values: one per n). */
export function statementCache<K, P extends string>(
  build: (key: K, param: Placeholder<P>) => QueryBuilder,
): (key: K) => CompiledStatement<P> {
  const compiled = new Map<K, CompiledStatement<P>>();
  return (key) => {
    let statement = compiled.get(key);
    if (statement === undefined) {
      statement = compileStatement((param) => build(key, param));
      compiled.set(key, statement);
    }
    return statement;
  };
}

export type Row = Record<string, unknown>;

/** The values of a compiled statement's bindings, in its order. */
export function bindingsOf<P extends string>(
  statement: CompiledStatement<P>,
  values: Record<P, unknown>,
): unknown[] {
  return statement.slots.map((slot) => ('param' in slot ? values[slot.param] : slot.value));
}

interface SqliteStatement {
  reader: boolean;
  all(bindings: unknown[]): Row[];
  run(bindings: unknown[]): unknown;
}

interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/**
 * better-sqlite3 statements of compiled SQL, kept per connection. knex's better-sqlite3 client
 * prepares every query anew (`connection.prepare` in its `_query`), which costs more than running
 * these short statements; the old write path kept its statements prepared, and so does this.
 * Safe because: a statement belongs to the connection it was prepared on, and the map is keyed on
 * that connection (and dies with it); the connection is the one knex holds for the transaction, so
 * the statement runs inside it; better-sqlite3 runs a statement synchronously and `.all()`/`.run()`
 * consume it completely, so no use of a statement is ever left half-read when the next one starts;
 * and the SQL strings are the few fixed shapes compiled here, so the map stays small.
 */
const prepared = new WeakMap<object, Map<string, SqliteStatement>>();

function preparedOn(connection: SqliteConnection, sql: string): SqliteStatement {
  let statements = prepared.get(connection);
  if (statements === undefined) {
    statements = new Map();
    prepared.set(connection, statements);
  }
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = connection.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/** A value as knex's better-sqlite3 client binds it: dates as milliseconds, booleans as 0 or 1. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return Number(value);
  return value;
}

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

/**
 * The name and `$n` text of a compiled statement as a PostgreSQL prepared statement. Sent through
 * knex's `raw`, each of the write path's statements was parsed and planned anew, and the facts
 * read's plan (two joins, two subqueries) cost more than running it; node-postgres keeps a named
 * statement prepared on its connection after the first use, so each later run only binds (Bind and
 * Execute, no Parse). Safe because: the name is a hash of the text, so one name never stands for two
 * texts on a connection (node-postgres refuses that), and the texts are the few fixed shapes compiled
 * here, so each connection keeps a handful of them.
 */
const pgStatements = new WeakMap<CompiledStatement<string>, { name: string; text: string }>();

function pgStatementOf(
  client: { positionBindings(sql: string): string },
  statement: CompiledStatement<string>,
): { name: string; text: string } {
  let named = pgStatements.get(statement);
  if (named === undefined) {
    const text = client.positionBindings(statement.sql);
    named = { name: `kiosque_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
    pgStatements.set(statement, named);
  }
  return named;
}

interface TransactionClient {
  driverName?: string;
  acquireConnection(): Promise<unknown>;
  positionBindings(sql: string): string;
}

/** Runs a compiled statement in a transaction; the rows it returns (none for a write without RETURNING). */
export async function rowsOf<P extends string>(
  trx: Knex,
  statement: CompiledStatement<P>,
  values: Record<P, unknown>,
): Promise<Row[]> {
  const bindings = bindingsOf(statement, values);
  const client = trx.client as TransactionClient;
  if (client.driverName === 'better-sqlite3' && (trx as { isTransaction?: boolean }).isTransaction === true) {
    // The transaction's own connection (knex's transaction client hands it out without the pool).
    const connection = (await client.acquireConnection()) as SqliteConnection;
    const prepared = preparedOn(connection, statement.sql);
    const sqliteBindings = bindings.map(sqliteValue);
    if (prepared.reader) return prepared.all(sqliteBindings);
    prepared.run(sqliteBindings);
    return [];
  }
  if (client.driverName === 'pg' && (trx as { isTransaction?: boolean }).isTransaction === true) {
    const connection = (await client.acquireConnection()) as PgConnection;
    const { name, text } = pgStatementOf(client, statement);
    const { rows } = await connection.query({ name, text, values: bindings });
    return rows;
  }
  const result: unknown = await trx.raw(statement.sql, bindings as never);
  // PostgreSQL's driver answers { rows }, better-sqlite3's the rows (or a run summary for a write).
  if (Array.isArray(result)) return result as Row[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}
