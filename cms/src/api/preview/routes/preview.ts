export default {
  routes: [
    {
      method: 'GET',
      path: '/previews/articles/:documentId',
      handler: 'api::preview.preview.article',
      config: {
        description:
          'An article as its page would show it, draft included, for whoever holds a valid preview token (X-Preview-Token).',
      },
    },
  ],
};
