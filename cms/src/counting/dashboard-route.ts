import type { Core } from '@strapi/strapi';
import { DASHBOARD_PERIODS, dashboardCsv, type DashboardPeriod } from '@kiosque/shared';
import { readerCountStats } from '../services';
import { replyError } from '../utils/error-reply';

/** Where the admin's growth dashboard reads its figures: `/admin/kiosque-growth/dashboard?days=7|30`. */
export const DASHBOARD_PATH = '/admin/kiosque-growth/dashboard';

type Context = Parameters<Core.MiddlewareHandler>[0];

/**
 * The dashboard's one route, an admin route: Strapi's admin authentication runs before it (a request
 * without an editor's token is answered 401), and the policy refuses anything but a signed-in admin.
 * `format=csv` answers the same figures as a CSV file.
 */
export function registerDashboardRoute(strapi: Core.Strapi): void {
  strapi.server.routes({
    type: 'admin',
    // Under /admin, as Strapi's own admin routes: the admin host's proxy (deploy/nginx.conf.template) lets /admin/… through.
    prefix: '/admin',
    routes: [
      {
        method: 'GET',
        path: '/kiosque-growth/dashboard',
        handler: async (ctx: Context) => {
          const days = ctx.query.days ?? '7';
          const format = ctx.query.format ?? 'json';
          const period = DASHBOARD_PERIODS.find((value) => String(value) === days);
          if (period === undefined || (format !== 'json' && format !== 'csv')) {
            replyError(
              ctx,
              400,
              'ValidationError',
              'La période doit être de 7 ou 30 jours, le format « json » ou « csv ».',
            );
            return;
          }
          const dashboard = await readerCountStats(strapi).dashboard(period as DashboardPeriod);
          ctx.set('Cache-Control', 'no-store');
          if (format === 'csv') {
            ctx.set('Content-Type', 'text/csv; charset=utf-8');
            ctx.set(
              'Content-Disposition',
              `attachment; filename="kiosque-croissance-${dashboard.to}-${period}j.csv"`,
            );
            // A byte-order mark: Excel reads the file as UTF-8 only with it.
            ctx.body = `\uFEFF${dashboardCsv(dashboard)}`;
            return;
          }
          ctx.body = { data: dashboard };
        },
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        info: {},
      },
    ],
  });
}
