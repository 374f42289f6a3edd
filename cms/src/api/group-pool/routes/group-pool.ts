export default {
  routes: [
    {
      method: 'GET',
      path: '/rejoindre/:slug',
      handler: 'api::group-pool.group-pool.join',
      config: {
        description:
          'A pool’s permanent address (the site’s /rejoindre/<slug>): redirects to the first of its WhatsApp groups with a seat, else to its fallback channel.',
      },
    },
  ],
};
