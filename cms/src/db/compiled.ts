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

/** Runs a compiled statement in a transaction; the rows it returns (none for a write without RETURNING). */
export async function rowsOf<P extends string>(
  trx: Knex,
  statement: CompiledStatement<P>,
  values: Record<P, unknown>,
): Promise<Row[]> {
  const result: unknown = await trx.raw(statement.sql, bindingsOf(statement, values) as never);
  // PostgreSQL's driver answers { rows }, better-sqlite3's the rows (or a run summary for a write).
  if (Array.isArray(result)) return result as Row[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}
