import { createHead } from '@unhead/vue/client';
import { createWebHistory } from 'vue-router';
import { prefetchArticlePage } from './api/early';
import { createKiosqueApp } from './app';
import { readPageState } from './composables/usePageState';
import './styles.css';

// A page the server rendered comes with the state it was rendered with: hydrate it. The SPA shell
// (the CMS did not answer, or a draft preview) has none: render in the browser.
const state = readPageState();
const { app, router } = createKiosqueApp({
  side: 'client',
  history: createWebHistory(import.meta.env.BASE_URL),
  state: state ?? { siteUrl: window.location.origin, data: {} },
  hydrate: state !== undefined,
});
app.use(createHead());

// The shell of an article: ask for it while the page's code is still loading.
if (state === undefined) {
  const landing = router.resolve(window.location.pathname);
  if (landing.name === 'article') prefetchArticlePage(String(landing.params.slug));
}

// The route's lazily loaded page must be there before hydration, which matches it node for node.
void router.isReady().then(() => app.mount('#app'));
