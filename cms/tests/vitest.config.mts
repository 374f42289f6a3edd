import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Each test file boots the real Strapi on its own fresh database (SQLite by default, PostgreSQL
// with TEST_DATABASE=postgres). Files run one after another: two cores do not gain from booting
// several Strapis at once.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: `cms-integration-${process.env.TEST_DATABASE ?? 'sqlite'}`,
    include: ['tests/**/*.spec.ts'],
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      STRAPI_TELEMETRY_DISABLED: 'true',
      BROWSER: 'none',
      // No metrics port unless a test asks for one (several test runs share these machines).
      METRICS_PORT: 'off',
    },
  },
});
