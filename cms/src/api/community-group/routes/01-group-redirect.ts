export default {
  routes: [
    {
      method: 'GET',
      path: '/go/:groupDocumentId',
      handler: 'api::community-group.community-group.redirect',
      config: {
        description:
          'Counts a click on a group’s invitation (per group and article) and redirects to its stored invite link.',
      },
    },
  ],
};
