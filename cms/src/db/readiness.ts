import type { Core } from '@strapi/strapi';

/** Whether the database answered, or why not. */
export type DatabaseAnswer =
  { ok: true } | { ok: false; kind: 'database_timeout' | 'database_refused'; reason: string };

/**
 * Whether the database answers a trivial query within `timeoutMs`, through Strapi's own connection
 * pool: a full pool or a server that is gone both show as "no answer in time".
 */
export async function databaseAnswers(strapi: Core.Strapi, timeoutMs = 2000): Promise<DatabaseAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<DatabaseAnswer>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          kind: 'database_timeout',
          reason: `the database did not answer within ${timeoutMs} ms`,
        }),
      timeoutMs,
    );
  });
  const query = strapi.db.connection.raw('select 1').then(
    (): DatabaseAnswer => ({ ok: true }),
    (error: unknown): DatabaseAnswer => ({
      ok: false,
      kind: 'database_refused',
      reason: `the database refused a query (${error instanceof Error ? error.message : String(error)})`,
    }),
  );
  try {
    return await Promise.race([query, late]);
  } finally {
    clearTimeout(timer);
  }
}
