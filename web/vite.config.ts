import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  test: {
    name: 'web',
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
  },
});
