import { createApp, createSSRApp } from 'vue';
import type { RouterHistory } from 'vue-router';
import type { PageState } from '@kiosque/shared';
import App from './App.vue';
import { createPageState, installPageState } from './composables/usePageState';
import { createKiosqueRouter } from './router';

/**
 * The reader site's app, the same on both sides: the server renders it (entry-server.ts) and the
 * browser hydrates what it rendered (main.ts), with the same router, components and page state.
 * `hydrate: false` mounts from scratch, for the SPA shell the page server answers when it could not
 * render (or for a draft preview, rendered in the browser only).
 */
export function createKiosqueApp(options: {
  side: 'server' | 'client';
  history: RouterHistory;
  state: PageState;
  hydrate: boolean;
}) {
  const app = options.hydrate ? createSSRApp(App) : createApp(App);
  const router = createKiosqueRouter(options.history);
  const pageState = createPageState(options.side, options.state);
  app.use(router);
  installPageState(app, pageState);
  return { app, router, pageState };
}
