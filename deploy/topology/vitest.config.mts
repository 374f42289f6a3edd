import { defineConfig } from 'vitest/config';

// The production topology run natively (deploy/topology/stack.ts): `npm run test:topology`, after the
// browser tests in `npm test`. One file, one stack; nothing is skipped, in CI or not.
export default defineConfig({
  test: {
    name: 'topology',
    root: new URL('../..', import.meta.url).pathname,
    include: ['deploy/topology/**/*.spec.ts'],
    globalSetup: ['deploy/topology/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
