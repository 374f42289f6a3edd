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
    layouts: {
      ...configuration.layouts,
      list: ['moderationStatus', 'moderationReason', 'authorName', 'content', 'createdAt'],
    },
  });
  await store.set({ key: DONE_KEY, value: true });
}

const ARTICLE_UID = 'api::article.article';
const ARTICLE_VIEW_DONE_KEY = 'article-editor-view-configured';

/**
 * Shows editors the reading time as what it is, a figure the CMS computes on save, and lists articles
 * with their category and author. Done once; editors may change the layout after.
 */
export async function configureArticleView(strapi: Core.Strapi): Promise<void> {
  const store = strapi.store({ type: 'core', name: 'kiosque' });
  if (await store.get({ key: ARTICLE_VIEW_DONE_KEY })) return;

  const contentTypes = strapi.plugin('content-manager').service('content-types');
  const contentType = contentTypes.findContentType(ARTICLE_UID);
  const configuration = await contentTypes.findConfiguration(contentType);
  const readingTime = configuration.metadatas.readingTime ?? { edit: {}, list: {} };
  await contentTypes.updateConfiguration(contentType, {
    settings: { ...configuration.settings, defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC' },
    metadatas: {
      ...configuration.metadatas,
      readingTime: {
        ...readingTime,
        edit: {
          ...readingTime.edit,
          label: 'Temps de lecture (min)',
          description: 'Calculé à partir du texte à chaque enregistrement.',
          editable: false,
        },
      },
    },
    layouts: { ...configuration.layouts, list: ['title', 'category', 'author', 'updatedAt'] },
  });
  await store.set({ key: ARTICLE_VIEW_DONE_KEY, value: true });
}
