export default {
  routes: [
    {
      method: 'POST',
      path: '/reader-counts/views',
      handler: 'api::reader-count.reader-count.views',
      config: {
        // No user or API token: the page server's shared secret (COUNT_SECRET) is the guard, checked by the service.
        auth: false,
        description:
          'The article views a page server counted, per article and day, in one request every few seconds (Bearer COUNT_SECRET).',
      },
    },
  ],
};
