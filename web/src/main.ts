import { createApp } from 'vue';
import App from './App.vue';
import { prefetchArticlePage } from './api/early';
import { router } from './router';
import './styles.css';

// A reader arriving from a shared link: ask for the article while the page's code is still loading.
const landing = router.resolve(window.location.pathname);
if (landing.name === 'article') prefetchArticlePage(String(landing.params.slug));

createApp(App).use(router).mount('#app');
