import vue from '@vitejs/plugin-vue';
import { loadEnv, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { kiosquePageHeads } from './server/vite-plugin.js';

/** Opens the connection to the CMS while the page's code loads, when the CMS is on another origin. */
function preconnectToApi(): Plugin {
  let origin = '';
  return {
    name: 'kiosque-preconnect-api',
    configResolved(config) {
      const env = loadEnv(config.mode, config.envDir || config.root, 'VITE_');
      const url = process.env.VITE_API_URL ?? env.VITE_API_URL ?? 'http://localhost:1337';
      origin = url === '' ? '' : new URL(url).origin;
    },
    transformIndexHtml() {
      if (origin === '') return [];
      return [
        {
          tag: 'link',
          attrs: { rel: 'preconnect', href: origin, crossorigin: '' },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  // kiosquePageHeads (dev only): page heads, feeds and /uploads as the production server (web/server) does.
  plugins: [vue(), preconnectToApi(), kiosquePageHeads()],
  // Every component uses <script setup>: Vue's Options API and production devtools can go.
  define: {
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  // The page server (web/server/assets.ts) reads which chunks each page needs, to preload them. The
  // SSR build (`vite build --ssr src/entry-server.ts`, into build/ssr) is one file with everything it
  // imports, so that the page server still needs no dependency installed at run time.
  build: isSsrBuild ? { manifest: false, copyPublicDir: false } : { manifest: true },
  ssr: isSsrBuild ? { noExternal: true } : {},
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  test: {
    name: 'web',
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts', 'server/**/*.spec.ts'],
  },
}));
