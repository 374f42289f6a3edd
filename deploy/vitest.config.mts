import { defineConfig } from 'vitest/config';

// The deployment files: the Docker build context, and deploy/nginx.conf.template run by a real nginx.
// The whole topology (deploy/topology/) is a stage of its own: npm run test:topology.
export default defineConfig({
  test: {
    name: 'deploy',
    environment: 'node',
    include: ['**/*.spec.ts'],
    exclude: ['topology/**', '**/node_modules/**'],
  },
});
