import { defineConfig } from 'vitest/config';

// Unit tests only; the CMS integration tests and the end-to-end tests have their own configs.
export default defineConfig({
  test: {
    projects: ['shared', 'web'],
  },
});
