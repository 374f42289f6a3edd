import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** The document title; pages that know better (an article) set it themselves. */
    title?: string;
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'home',
    component: () => import('./pages/HomePage.vue'),
    meta: { title: 'Kiosque' },
  },
  {
    path: '/articles/:slug',
    name: 'article',
    component: () => import('./pages/ArticlePage.vue'),
    props: true,
  },
  {
    path: '/categorie/:slug',
    name: 'category',
    component: () => import('./pages/CategoryPage.vue'),
    props: true,
  },
  {
    path: '/recherche',
    name: 'search',
    component: () => import('./pages/SearchPage.vue'),
    meta: { title: 'Recherche – Kiosque' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { title: 'Page introuvable – Kiosque' },
  },
];

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior(to, _from, savedPosition) {
    if (savedPosition) return savedPosition;
    if (to.hash) return { el: to.hash };
    return { top: 0 };
  },
});

router.afterEach((to) => {
  if (to.meta.title) document.title = to.meta.title;
});
