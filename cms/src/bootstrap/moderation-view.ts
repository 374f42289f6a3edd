import type { Core } from '@strapi/strapi';

const COMMENT_UID = 'api::comment.comment';
const DONE_KEY = 'comment-moderation-view-configured';

/**
 * Opens the comment list in the admin the way moderators work: newest first, with the status in the
 * first column, so pending comments are found at a glance. Done once; editors may change it after.
 */
export async function configureModerationView(strapi: Core.Strapi): Promise<void> {
  const store = strapi.store({ type: 'core', name: 'kiosque' });
  if (await store.get({ key: DONE_KEY })) return;

  const contentTypes = strapi.plugin('content-manager').service('content-types');
  const contentType = contentTypes.findContentType(COMMENT_UID);
  const configuration = await contentTypes.findConfiguration(contentType);
  await contentTypes.updateConfiguration(contentType, {
    settings: {
      ...configuration.settings,
      mainField: 'authorName',
      defaultSortBy: 'createdAt',
      defaultSortOrder: 'DESC',
    },
    metadatas: configuration.metadatas,
    layouts: { ...configuration.layouts, list: ['moderationStatus', 'authorName', 'content', 'createdAt'] },
  });
  await store.set({ key: DONE_KEY, value: true });
}
