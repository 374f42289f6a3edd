import { factories } from '@strapi/strapi';
import { readerCountStats } from '../../../services';
import { replyError } from '../../../utils/error-reply';

export default factories.createCoreController('api::reader-count.reader-count', ({ strapi }) => ({
  /** A beacon from the reader site (navigator.sendBeacon): 204 when accepted, a French 4xx otherwise. */
  async beacon(ctx) {
    const result = await readerCountStats(strapi).recordBeacon({
      headers: ctx.headers,
      ip: ctx.request.ip,
      length: ctx.request.length,
      body: ctx.request.body,
    });
    ctx.set('Cache-Control', 'no-store');
    if (result.status === 204) {
      ctx.status = 204;
      return;
    }
    replyError(ctx, result.status, 'BeaconError', result.message);
  },
}));
