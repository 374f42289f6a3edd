import { defineConfig } from 'vitest/config';

// Unit tests, deploy/'s checks of the Docker build context and of nginx.conf (run by a real nginx), and
// docs/'s check of docs/configuration.md and .env.example against the code; the CMS integration tests
// and the end-to-end tests have their own configs.
export default defineConfig({
  test: {
    projects: ['shared', 'web', 'deploy', 'docs', 'cms/vitest.unit.config.mts'],
  },
});
