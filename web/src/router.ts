import { createRouter, START_LOCATION, type RouteRecordRaw, type RouterHistory } from 'vue-router';
import { SITE_ROUTES } from '@kiosque/shared';
import ArticlePage from './pages/ArticlePage.vue';
import CategoryPage from './pages/CategoryPage.vue';
import HomePage from './pages/HomePage.vue';
import NotFoundPage from './pages/NotFoundPage.vue';
import SearchPage from './pages/SearchPage.vue';
import { heldPreviewToken, holdPreviewToken } from './utils/previewToken';

// The reader's pages are in the entry script: together about 18 KB of gzip, less than what one more
// round trip costs a phone on a slow network (a chunk per page meant 7 more requests for an
// article). Only the editors' draft preview, which no reader opens, is loaded when it is needed.

const routes: RouteRecordRaw[] = [
  {
    path: SITE_ROUTES.home,
    name: 'home',
    component: HomePage,
  },
  {
    path: SITE_ROUTES.article,
    name: 'article',
    component: ArticlePage,
    props: true,
  },
  {
    path: SITE_ROUTES.category,
    name: 'category',
    component: CategoryPage,
    props: true,
  },
  {
    path: SITE_ROUTES.search,
    name: 'search',
    component: SearchPage,
  },
  {
    // Editors' draft preview, linked from the CMS's content manager with a token in the fragment
    // (utils/previewToken.ts): held in memory, and taken out of the address before the page shows
    // (the guard below).
    path: SITE_ROUTES.articlePreview,
    name: 'article-preview',
    component: () => import('./pages/ArticlePreviewPage.vue'),
    props: (route) => ({
      documentId: String(route.params.documentId),
      token: heldPreviewToken(String(route.params.documentId)),
      status: route.query.status === 'published' ? 'published' : 'draft',
    }),
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: NotFoundPage,
  },
];

/**
 * The reader site's router, one per app: web history in the browser, memory history for a server
 * render (web/src/entry-server.ts). Each page sets its own title and head (composables/usePageHead.ts).
 */
export function createKiosqueRouter(history: RouterHistory) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior(to, from, savedPosition) {
      if (savedPosition) return savedPosition;
      if (to.hash) return { el: to.hash };
      // A page just opened is at its top already: scrolling there would force a layout of the whole
      // page before its first paint (about 100 ms on a 4× slowed phone CPU).
      if (from === START_LOCATION) return false;
      return { top: 0 };
    },
  });

  // Every navigation, not only the route's entry: a new link to the preview already shown holds a token too.
  router.beforeEach((to) =>
    to.name === 'article-preview' && holdPreviewToken(String(to.params.documentId), to.hash)
      ? { path: to.path, query: to.query, hash: '', replace: true }
      : true,
  );
  return router;
}
