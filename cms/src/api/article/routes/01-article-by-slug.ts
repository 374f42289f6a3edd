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
  ],
};
