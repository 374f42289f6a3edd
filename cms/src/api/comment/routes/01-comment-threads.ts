export default {
  routes: [
    {
      method: 'GET',
      path: '/articles/:documentId/comments',
      handler: 'api::comment.comment.threads',
      config: {
        description: "A page of an article's approved comments as threads, newest or oldest first.",
      },
    },
  ],
};
