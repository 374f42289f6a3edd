import { createHead } from '@unhead/vue/client';
import { createWebHistory } from 'vue-router';
import { loadHttpClient } from './api/client';
import { prefetchArticlePage } from './api/early';
import { createKiosqueApp } from './app';
import { readPageState } from './composables/usePageState';
import { notePageServerView } from './composables/useReaderCounting';
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
// The page server counted this page's view: the article page sends none for it (useReaderCounting).
if (state?.countsViews === true) notePageServerView();

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

// The API client's HTTP library (see loadHttpClient), fetched when the reader shows an intent to use
// it: a finger or a pointer on a link, or the focus in a field or on a link. Most readers arrive from a
// shared link, read one article and leave: they never download it, on networks where data is paid by
// the megabyte; one who taps a link or starts a comment gets it while the gesture ends.
function warmOnIntent(event: Event): void {
  const target = event.target instanceof Element ? event.target : null;
  if (event.type === 'focusin' || target?.closest('a[href]')) {
    void loadHttpClient();
    for (const type of INTENT_EVENTS) document.removeEventListener(type, warmOnIntent);
  }
}
const INTENT_EVENTS = ['pointerdown', 'mouseover', 'focusin'] as const;
for (const type of INTENT_EVENTS) document.addEventListener(type, warmOnIntent, { passive: true });
