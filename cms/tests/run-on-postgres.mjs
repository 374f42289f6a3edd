// Runs the integration suite a second time on PostgreSQL. Required in CI; on a laptop without a
// PostgreSQL server it says so and skips, so that `npm test` still works on SQLite alone.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.end();
} catch (error) {
  if (process.env.CI === 'true') {
    console.error(`PostgreSQL is required in CI but ${url} does not answer: ${error.message}`);
    process.exit(1);
  }
  console.warn(`Skipping the PostgreSQL run: ${url} does not answer (${error.message}).`);
  process.exit(0);
}

const result = spawnSync('npx', ['vitest', 'run', '--config', 'tests/vitest.config.mts'], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE: 'postgres', TEST_POSTGRES_URL: url },
});
process.exit(result.status ?? 1);
