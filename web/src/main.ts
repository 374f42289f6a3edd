import { createApp } from 'vue';
import App from './App.vue';
import { prefetchArticlePage, readEmbeddedPage } from './api/early';
import { router } from './router';
import './styles.css';

// A reader arriving from a shared link: the page server usually sent the article with the HTML;
// otherwise, ask for it while the page's code is still loading.
const landing = router.resolve(window.location.pathname);
if (landing.name === 'article') {
  const slug = String(landing.params.slug);
  if (readEmbeddedPage()?.slug !== slug) prefetchArticlePage(slug);
}

createApp(App).use(router).mount('#app');
