import type { Server } from 'node:http';
import type { Core } from '@strapi/strapi';
import { registerContentVersionRoute } from './cache/content-version-route';
import { registerModerationRoutes } from './api/comment/admin/moderation-routes';
import { registerPrivacyAdminRoutes } from './api/mail/admin/privacy-routes';
import { registerCacheInvalidation } from './cache/invalidation';
import { registerDashboardRoute } from './counting/dashboard-route';
import { readerCounters } from './counting/reader-counters';
import { responseCacheOf } from './cache/response-cache';
import { labelAdminFields } from './bootstrap/admin-labels';
import { ensureAdminFromEnv } from './bootstrap/admin-user';
import { seedDemoContent } from './bootstrap/demo-content';
import { migrateTextLabels, migrateCommunityGroups } from './bootstrap/migrations';
import {
  configureArticleView,
  configureModerationView,
  configurePoolView,
} from './bootstrap/moderation-view';
import { disableRegistration, ensurePublicPermissions } from './bootstrap/permissions';
import { registerArticleReadingTime } from './documents/article-reading-time';
import { registerCommentApproval } from './documents/comment-approval';
import { registerCommentEmailNormalisation } from './documents/comment-email';
import { registerCommentInternalFields } from './documents/comment-internal-fields';
import { registerDocumentMiddlewares } from './documents/community-groups';
import { registerGroupPoolRules } from './documents/group-pools';
import { registerRedirectRules } from './documents/redirects';
import { trackRequestsInFlight, type RequestDrain } from './lifecycle/graceful-shutdown';
import { startMetricsServer } from './observability/metrics';
import { mail } from './services';
import { registerReadiness } from './observability/readiness';

let requestsInFlight: RequestDrain | undefined;
let metricsServer: Server | undefined;

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerDocumentMiddlewares(strapi);
    registerGroupPoolRules(strapi);
    registerCommentEmailNormalisation(strapi);
    registerCommentApproval(strapi);
    registerCommentInternalFields(strapi);
    registerArticleReadingTime(strapi);
    registerRedirectRules(strapi);
    registerCacheInvalidation(strapi);
    registerModerationRoutes(strapi);
    registerPrivacyAdminRoutes(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    requestsInFlight = trackRequestsInFlight(strapi);
    registerReadiness(strapi);
    registerContentVersionRoute(strapi);
    metricsServer = startMetricsServer(strapi);
    await migrateCommunityGroups(strapi);
    await migrateTextLabels(strapi);
    await ensurePublicPermissions(strapi);
    await disableRegistration(strapi);
    await ensureAdminFromEnv(strapi);
    await configureModerationView(strapi);
    await configureArticleView(strapi);
    await configurePoolView(strapi);
    await labelAdminFields(strapi);
    await seedDemoContent(strapi);
    responseCacheOf(strapi).startSync();
    await mail(strapi).start();
    registerDashboardRoute(strapi);
    readerCounters(strapi).start();
  },

  // Runs on SIGTERM/SIGINT before Strapi closes the server and the database.
  async destroy({ strapi }: { strapi: Core.Strapi }) {
    responseCacheOf(strapi).stopSync();
    await mail(strapi).stop();
    await requestsInFlight?.drain(strapi.config.get<number>('kiosque.shutdownGraceMs', 10_000));
    // After the last request: every count it made is written before the database closes.
    await readerCounters(strapi).stop();
    metricsServer?.close();
  },
};
