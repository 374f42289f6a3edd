import type { Core } from '@strapi/strapi';
import { databaseAnswers } from '../db/readiness';

type Context = Parameters<Core.MiddlewareHandler>[0];

const DATABASE_TIMEOUT_MS = 2000;

/**
 * `GET /_ready`, beside Strapi's own `/_health` (liveness: the process answers): 200 only when the
 * database answers too, else 503, so that an orchestrator sends no traffic to a CMS that could only
 * fail it, without restarting one that will recover when the database comes back. Outside /api: no
 * permission, no response cache, nothing of the content API. nginx passes `/_ready` through, so the
 * answer says only which kind of failure it was; the driver's message (it can name internal hosts and
 * ports) goes to the log.
 */
export function registerReadiness(strapi: Core.Strapi): void {
  strapi.server.router.get('/_ready', async (ctx: Context) => {
    const answer = await databaseAnswers(strapi, DATABASE_TIMEOUT_MS);
    ctx.set('Cache-Control', 'no-store');
    if (answer.ok) {
      ctx.status = 200;
      ctx.body = { status: 'ready' };
      return;
    }
    strapi.log.warn(`/_ready: ${answer.reason}`);
    ctx.status = 503;
    ctx.body = { status: 'unavailable', reason: answer.kind };
  });
}
