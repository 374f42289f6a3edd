import { defineConfig } from 'vitest/config';

// The documentation's checks against the code (docs/configuration.md and .env.example).
export default defineConfig({
  test: {
    name: 'docs',
    environment: 'node',
    include: ['*.spec.ts'],
  },
});
