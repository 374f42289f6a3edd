import { factories, type Core } from '@strapi/strapi';
import { readerCountStats } from '../../../services';
import { replyError } from '../../../utils/error-reply';

type Context = Parameters<Core.MiddlewareHandler>[0];

// Beacons are answered by src/middlewares/beacon.ts, the dashboard by src/counting/dashboard-route.ts;
// the page server's view counts come here (routes/reader-count-views.ts).
export default factories.createCoreController('api::reader-count.reader-count', ({ strapi }) => ({
  /** `POST /api/reader-counts/views`: the service checks the secret, then the body. */
  async views(ctx: Context) {
    ctx.set('Cache-Control', 'no-store');
    const result = await readerCountStats(strapi).recordViews({
      authorization: ctx.get('authorization') || undefined,
      body: (ctx.request as { body?: unknown }).body,
    });
    if (result.status !== 200) {
      replyError(
        ctx,
        result.status,
        result.status === 401 ? 'UnauthorizedError' : 'ValidationError',
        result.message,
      );
      return;
    }
    ctx.body = { data: { counted: result.counted, ignored: result.ignored } };
  },
}));
