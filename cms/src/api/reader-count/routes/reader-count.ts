export default {
  routes: [
    {
      method: 'POST',
      path: '/beacon',
      handler: 'api::reader-count.reader-count.beacon',
      config: {
        description:
          'Counts what a reader’s browser saw of an article: its view, the join blocks shown (per copy variant), the shares. Counters only; answers 204.',
      },
    },
  ],
};
