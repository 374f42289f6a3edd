import type { StrapiApp } from '@strapi/strapi/admin';
import { Message } from '@strapi/icons';
import { CommentThreadPanel } from './moderation/CommentThread';
import { EditorialReplyAction } from './moderation/EditorialReply';
import { MODERATION_BULK_ACTIONS } from './moderation/bulk-actions';
import { moderationColumn } from './moderation/moderation-column';
import { PENDING_COMMENTS_PATH } from './moderation/paths';
import { StatusFilters } from './moderation/StatusFilters';
import { registerGrowthDashboard } from './growth/register';
import { registerPrivacyPage } from './privacy/register';

export default {
  config: {
    // Editors write in French; English stays available in their profile.
    locales: ['fr'],
  },
  register(app: StrapiApp) {
    app.widgets.register({
      id: 'pending-comments',
      icon: Message,
      title: { id: 'kiosque.widget.pending-comments.title', defaultMessage: 'Commentaires en attente' },
      link: {
        label: { id: 'kiosque.widget.pending-comments.link', defaultMessage: 'Ouvrir la file' },
        href: PENDING_COMMENTS_PATH,
      },
      component: async () => (await import('./moderation/PendingCommentsWidget')).PendingCommentsWidget,
      permissions: [{ action: 'plugin::content-manager.explorer.read', subject: 'api::comment.comment' }],
    });
    registerGrowthDashboard(app);
    registerPrivacyPage(app);
  },
  bootstrap(app: StrapiApp) {
    // Moderation from the comment list: a column of one-click buttons and the thread per row, the
    // same actions on a selection, the counts by status above it, the editorial reply in the row's
    // menu and in the edit view, and the thread beside the edit view.
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', moderationColumn);
    const plugin = app.getPlugin('content-manager');
    plugin.injectComponent('listView', 'actions', {
      name: 'kiosque-status-filters',
      Component: StatusFilters,
    });
    const contentManager = plugin.apis as {
      addBulkAction: (reducer: (actions: unknown[]) => unknown[]) => void;
      addDocumentAction: (reducer: (actions: unknown[]) => unknown[]) => void;
      addEditViewSidePanel: (reducer: (panels: unknown[]) => unknown[]) => void;
    };
    contentManager.addBulkAction((actions) => [...MODERATION_BULK_ACTIONS, ...actions]);
    contentManager.addDocumentAction((actions) => [...actions, EditorialReplyAction]);
    contentManager.addEditViewSidePanel((panels) => [...panels, CommentThreadPanel]);
  },
};
