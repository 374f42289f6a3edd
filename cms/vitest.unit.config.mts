import { defineConfig } from 'vitest/config';

// The CMS's pure modules (the WordPress importer's HTML converter…), beside their code; the CMS
// integration tests, which boot Strapi, have their own config (tests/vitest.config.mts).
export default defineConfig({
  test: {
    name: 'cms',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
  },
});
