import { defineConfig } from 'vitest/config';

// The deployment files: the Docker build context, and deploy/nginx.conf run by a real nginx.
export default defineConfig({
  test: {
    name: 'deploy',
    environment: 'node',
    include: ['**/*.spec.ts'],
  },
});
