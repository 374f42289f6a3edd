import type { Core } from '@strapi/strapi';

// The content manager's view settings, as its content-types service reads and writes them.
type ViewConfiguration = {
  settings: Record<string, unknown>;
  metadatas: Record<string, { edit: Record<string, unknown>; list: Record<string, unknown> }>;
  layouts: Record<string, unknown>;
};

/**
 * Sets how the admin shows `uid` from its current configuration, once (marked done under `doneKey`
 * in the core store): editors may change it after, and a restart does not undo their choice.
 */
async function configureViewOnce(
  strapi: Core.Strapi,
  doneKey: string,
  uid: string,
  change: (configuration: ViewConfiguration) => ViewConfiguration,
): Promise<void> {
  const store = strapi.store({ type: 'core', name: 'kiosque' });
  if (await store.get({ key: doneKey })) return;
  const contentTypes = strapi.plugin('content-manager').service('content-types');
  const contentType = contentTypes.findContentType(uid);
  const configuration = (await contentTypes.findConfiguration(contentType)) as ViewConfiguration;
  await contentTypes.updateConfiguration(contentType, change(configuration));
  await store.set({ key: doneKey, value: true });
}

/** A list view: `settings` (main field, sort) over the current ones, and the list's columns. */
function listView(
  configuration: ViewConfiguration,
  settings: Record<string, unknown>,
  list: string[],
): ViewConfiguration {
  return {
    settings: { ...configuration.settings, ...settings },
    metadatas: configuration.metadatas,
    layouts: { ...configuration.layouts, list },
  };
}

const COMMENT_UID = 'api::comment.comment';
const DONE_KEY = 'comment-moderation-view-configured';

/**
 * Opens the comment list in the admin the way moderators work: newest first, with the status and why
 * it is held in the first columns, so pending comments are found at a glance. Done once; editors may
 * change it after.
 */
export async function configureModerationView(strapi: Core.Strapi): Promise<void> {
  await configureViewOnce(strapi, DONE_KEY, COMMENT_UID, (configuration) =>
    listView(
      configuration,
      { mainField: 'authorName', defaultSortBy: 'createdAt', defaultSortOrder: 'DESC' },
      COMMENT_LIST,
    ),
  );
  await configureViewOnce(strapi, ARTICLE_COLUMN_DONE_KEY, COMMENT_UID, withArticleColumn);
}

/** The comment list's columns on a new install. */
const COMMENT_LIST = [
  'moderationStatus',
  'moderationReason',
  'authorName',
  'article',
  'content',
  'createdAt',
];
const ARTICLE_COLUMN_DONE_KEY = 'comment-list-article-column';

/**
 * The article a comment belongs to, as a column after the author's name (shown by its title: see
 * ADMIN_FIELD_LABELS' mainFields), added once to a list configured before it existed; the other
 * columns, chosen by editors since, stay as they are.
 */
export function withArticleColumn(configuration: ViewConfiguration): ViewConfiguration {
  const list = Array.isArray(configuration.layouts.list) ? (configuration.layouts.list as string[]) : [];
  if (list.includes('article')) return configuration;
  const after = list.indexOf('authorName');
  const columns =
    after === -1 ? [...list, 'article'] : [...list.slice(0, after + 1), 'article', ...list.slice(after + 1)];
  return { ...configuration, layouts: { ...configuration.layouts, list: columns } };
}

const ARTICLE_UID = 'api::article.article';
const ARTICLE_VIEW_DONE_KEY = 'article-editor-view-configured';

/**
 * Shows editors the reading time as what it is, a figure the CMS computes on save, and lists articles
 * with their category and author. Done once; editors may change the layout after.
 */
export async function configureArticleView(strapi: Core.Strapi): Promise<void> {
  await configureViewOnce(strapi, ARTICLE_VIEW_DONE_KEY, ARTICLE_UID, (configuration) => {
    const readingTime = configuration.metadatas.readingTime ?? { edit: {}, list: {} };
    return {
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
    };
  });
}

const POOL_UID = 'api::group-pool.group-pool';
const POOL_VIEW_DONE_KEY = 'group-pool-view-configured';

/**
 * Lists pools with what editors watch: seats left and whether the pool is nearly full, beside its
 * address. Done once; editors may change the layout after.
 */
export async function configurePoolView(strapi: Core.Strapi): Promise<void> {
  await configureViewOnce(strapi, POOL_VIEW_DONE_KEY, POOL_UID, (configuration) =>
    listView(configuration, { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC' }, [
      'name',
      'slug',
      'seatsLeft',
      'nearlyFull',
    ]),
  );
}
