import pg from 'pg';

/** The PostgreSQL server the tests make their throwaway databases on (`TEST_POSTGRES_URL`). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `run` on a connection to the server's admin database, closed afterwards whatever happens. */
export async function withPostgresAdmin<T>(
  run: (client: pg.Client) => Promise<T>,
  adminUrl = POSTGRES_ADMIN_URL,
): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The CMS's `DATABASE_*` variables for the database `name` on the admin URL's server and account. */
export function postgresDatabaseEnv(name: string, adminUrl = POSTGRES_ADMIN_URL): Record<string, string> {
  const url = new URL(adminUrl);
  return {
    DATABASE_CLIENT: 'postgres',
    DATABASE_HOST: url.hostname,
    DATABASE_PORT: url.port || '5432',
    DATABASE_USERNAME: decodeURIComponent(url.username) || 'postgres',
    DATABASE_PASSWORD: decodeURIComponent(url.password),
    DATABASE_NAME: name,
  };
}
