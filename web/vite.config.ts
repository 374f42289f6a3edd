import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { loadEnv, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { kiosquePageHeads } from './server/vite-plugin.js';

/**
 * The CMS origin the SPA calls. `VITE_API_URL` when it is set (empty included); otherwise a production
 * build calls `/api` on the origin that served it (nginx or the page server with PROXY_API=true pass it
 * on), and the dev server (`npm start`) calls the CMS it starts on port 1337.
 */
export function apiUrlFor(command: 'build' | 'serve', env: Record<string, string | undefined>): string {
  return env.VITE_API_URL ?? (command === 'build' ? '' : 'http://localhost:1337');
}

/** Opens the connection to the CMS while the page's code loads, when the CMS is on another origin. */
function preconnectToApi(apiUrl: string): Plugin {
  const origin = apiUrl === '' ? '' : new URL(apiUrl).origin;
  return {
    name: 'kiosque-preconnect-api',
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

export default defineConfig(({ command, mode, isSsrBuild }) => {
  // loadEnv gives the web/.env* files' VITE_ variables, the process's own winning over them.
  const apiUrl = apiUrlFor(command, loadEnv(mode, fileURLToPath(new URL('.', import.meta.url)), 'VITE_'));
  return {
    // kiosquePageHeads (dev only): page heads, feeds and /uploads as the production server (web/server) does.
    plugins: [vue(), preconnectToApi(apiUrl), kiosquePageHeads()],
    define: {
      // Resolved once here (see apiUrlFor), so that src/utils/apiOrigin.ts has no default of its own.
      'import.meta.env.VITE_API_URL': JSON.stringify(apiUrl),
      // Every component uses <script setup>: Vue's Options API and production devtools can go.
      __VUE_OPTIONS_API__: false,
      __VUE_PROD_DEVTOOLS__: false,
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    },
    // The page server (web/server/assets.ts) reads which chunks each page needs, to preload them. The
    // SSR build (`vite build --ssr src/entry-server.ts`, into build/ssr) is one file with everything it
    // imports, so that the page server still needs no dependency installed at run time.
    build: isSsrBuild
      ? { manifest: false, copyPublicDir: false }
      : {
          manifest: true,
          // One stylesheet for the whole site (about 5 KB of gzip), which the page server puts inside
          // each page's HTML (server/assets.ts): no request, nothing blocking the first paint, and no
          // per-page stylesheet for a page's code to fetch again when it loads.
          cssCodeSplit: false,
        },
    ssr: isSsrBuild ? { noExternal: true } : {},
    server: { port: 5173, strictPort: true },
    preview: { port: 4173, strictPort: true },
    test: {
      name: 'web',
      environment: 'happy-dom',
      include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'vite.config.spec.ts'],
    },
  };
});
