export default {
  routes: [
    {
      method: 'GET',
      path: '/feeds/rss.xml',
      handler: 'api::feed.feed.rss',
      config: {
        description: 'The 20 latest published articles as RSS 2.0 (served as /rss.xml by the web front).',
      },
    },
    {
      method: 'GET',
      path: '/feeds/sitemap.xml',
      handler: 'api::feed.feed.sitemap',
      config: {
        description: 'Every published article, every category and the home page (served as /sitemap.xml).',
      },
    },
  ],
};
