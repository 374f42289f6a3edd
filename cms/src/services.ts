import type { Core } from '@strapi/strapi';
import type { ArticleService } from './api/article/services/article';
import type { CommentService } from './api/comment/services/comment';
import type { CommentSettingService } from './api/comment-setting/services/comment-setting';
import type { CommunityGroupService } from './api/community-group/services/community-group';
import type { FeedService } from './api/feed/services/feed';
import type { GroupPoolService } from './api/group-pool/services/group-pool';
import type { MailService } from './api/mail/services/mail';
import type { PreviewService } from './api/preview/services/preview';
import type { ReaderCountService } from './api/reader-count/services/reader-count';
import type { RedirectService } from './api/redirect/services/redirect';
import type {
  ClickDetails,
  ClickRequest,
  CountedGroup,
} from './api/group-click-stat/services/group-click-stat';

/**
 * Typed access to Kiosque's own services: `strapi.service(uid)` answers `any` for a custom method, so
 * a renamed method or a changed signature would only fail at run time. Each accessor names the
 * service's own methods (types only: no service module is loaded from here).
 */

export const articles = (strapi: Core.Strapi) =>
  strapi.service('api::article.article') as unknown as ArticleService;

export const comments = (strapi: Core.Strapi) =>
  strapi.service('api::comment.comment') as unknown as CommentService;

export const commentSettings = (strapi: Core.Strapi) =>
  strapi.service('api::comment-setting.comment-setting') as unknown as CommentSettingService;

export const communityGroups = (strapi: Core.Strapi) =>
  strapi.service('api::community-group.community-group') as unknown as CommunityGroupService;

export const feeds = (strapi: Core.Strapi) => strapi.service('api::feed.feed') as unknown as FeedService;

export const groupPools = (strapi: Core.Strapi) =>
  strapi.service('api::group-pool.group-pool') as unknown as GroupPoolService;
export const mail = (strapi: Core.Strapi) => strapi.service('api::mail.mail') as unknown as MailService;

export const previews = (strapi: Core.Strapi) =>
  strapi.service('api::preview.preview') as unknown as PreviewService;

export const redirects = (strapi: Core.Strapi) =>
  strapi.service('api::redirect.redirect') as unknown as RedirectService;

/** The click counters' service (api/group-click-stat), as far as other code calls it. */
export interface GroupClickStatService {
  ensureUniqueIndex(): Promise<void>;
  record(group: CountedGroup, details?: ClickDetails): Promise<void>;
  recordReaderClick(group: CountedGroup, click: ClickRequest): Promise<boolean>;
  clicksFor(groupDocumentId: string, articleDocumentId?: string): Promise<number>;
}

export const groupClickStats = (strapi: Core.Strapi) =>
  strapi.service('api::group-click-stat.group-click-stat') as unknown as GroupClickStatService;

/** Beacons and the growth dashboard (api/reader-count). */
export const readerCountStats = (strapi: Core.Strapi) =>
  strapi.service('api::reader-count.reader-count') as unknown as ReaderCountService;
