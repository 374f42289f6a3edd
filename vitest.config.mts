import { defineConfig } from 'vitest/config';

// Unit tests, and deploy/'s checks of the Docker build context and of nginx.conf (run by a real nginx);
// the CMS integration tests and the end-to-end tests have their own configs.
export default defineConfig({
  test: {
    projects: ['shared', 'web', 'deploy'],
  },
});
