import type { IncomingMessage } from 'node:http';
import type { Core } from '@strapi/strapi';
import { MAX_BEACON_BYTES } from '@kiosque/shared';
import { readerCountStats } from '../services';
import { replyError } from '../utils/error-reply';

type Context = Parameters<Core.MiddlewareHandler>[0];
type Next = Parameters<Core.MiddlewareHandler>[1];

export const BEACON_PATH = '/api/beacon';

/**
 * The body as text, or undefined once it passes `limit` bytes (what is left is not read: Node
 * discards it after the answer, as it does after the body parser's own 413).
 */
function readText(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      done();
      request.pause();
      resolve(undefined);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/**
 * `POST /api/beacon`, answered here, before the security headers, CORS, the body parser, the session,
 * the router and the permission checks: a beacon comes with every page view, and that chain cost the
 * CMS seven times the CPU of the page itself (docs/performance.md). None of it applies to a beacon:
 * it is public (no permission to check, no session), its answer is never read by the page
 * (`navigator.sendBeacon`, a CORS "simple" request that needs no CORS headers) and carries no
 * content, and its body is at most MAX_BEACON_BYTES of JSON, read here. The service keeps every rule
 * (api/reader-count/services/reader-count.ts); the request log and the error handler still run
 * around it (config/middlewares.ts).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async function beacon(ctx: Context, next: Next): Promise<void> {
    if (ctx.path !== BEACON_PATH || ctx.method !== 'POST') return next();
    ctx.set('Cache-Control', 'no-store');
    const encoding = ctx.get('content-encoding').trim().toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      replyError(ctx, 415, 'BeaconError', 'La balise doit être envoyée sans compression.');
      return;
    }
    const length = ctx.request.length;
    const text = (length ?? 0) > MAX_BEACON_BYTES ? undefined : await readText(ctx.req, MAX_BEACON_BYTES);
    const result = await readerCountStats(strapi).recordBeacon({
      headers: ctx.headers,
      ip: ctx.request.ip,
      // Past the limit, the declared length (or one byte over it) has the service refuse it with 413.
      length: text === undefined ? Math.max(length ?? 0, MAX_BEACON_BYTES + 1) : length,
      body: text ?? '',
    });
    if (result.status === 204) {
      ctx.status = 204;
      return;
    }
    replyError(ctx, result.status, 'BeaconError', result.message);
  };
