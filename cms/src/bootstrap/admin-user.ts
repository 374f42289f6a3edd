import type { Core } from '@strapi/strapi';
import type { KiosqueConfig } from '../../config/kiosque';

/**
 * Creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD when both are set and no
 * administrator exists yet, so that a server can be set up without a browser. Without them, Strapi
 * asks for the first account in the admin as usual.
 */
export async function ensureAdminFromEnv(strapi: Core.Strapi): Promise<void> {
  const admin = strapi.config.get<KiosqueConfig['firstAdmin']>('kiosque.firstAdmin');
  if (admin === undefined) return;

  const userService = strapi.service('admin::user');
  if (await userService.exists()) return;

  // createFirstAdmin locks the super-admin role, so two instances booting together create one admin.
  await userService.createFirstAdmin({ ...admin });
  strapi.log.info(`Created the first administrator ${admin.email} from ADMIN_EMAIL.`);
}
