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

/**
 * Resolves once the browser has painted what the server sent: on a fast enough network the script
 * arrives before the first paint, and hydrating at once would hold that paint (the article's Largest
 * Contentful Paint) for the whole hydration, hundreds of ms on a slow phone. A frame, then a task:
 * the paint happens between them. The timeout is for a tab opened in the background, which paints
 * no frame until shown but should not wait for that to become usable.
 */
function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 200);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

// A lazily loaded page (the draft preview) must be there before the first render; a page the server
// rendered is hydrated once it has been painted.
void Promise.all([router.isReady(), state === undefined ? undefined : afterFirstPaint()]).then(() =>
  app.mount('#app'),
);
