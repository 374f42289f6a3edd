export default {
  routes: [
    {
      method: 'GET',
      path: '/articles/slug/:slug',
      handler: 'api::article.article.findBySlug',
      config: {
        description: 'The published article with this slug, as its page shows it.',
      },
    },
    {
      method: 'GET',
      path: '/pages/article/:slug',
      handler: 'api::article.article.findPage',
      config: {
        description:
          'Everything the article page shows in one answer: the article, the groups and its first comments.',
      },
    },
  ],
};
