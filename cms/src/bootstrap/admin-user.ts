import type { Core } from '@strapi/strapi';

/**
 * Creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD when both are set and no
 * administrator exists yet, so that a server can be set up without a browser. Without them, Strapi
 * asks for the first account in the admin as usual.
 */
export async function ensureAdminFromEnv(strapi: Core.Strapi): Promise<void> {
  const email = process.env.ADMIN_EMAIL?.trim();
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) return;

  const userService = strapi.service('admin::user');
  if (await userService.exists()) return;

  // createFirstAdmin locks the super-admin role, so two instances booting together create one admin.
  await userService.createFirstAdmin({
    email,
    password,
    firstname: process.env.ADMIN_FIRSTNAME ?? 'Admin',
    lastname: process.env.ADMIN_LASTNAME ?? 'Kiosque',
  });
  strapi.log.info(`Created the first administrator ${email} from ADMIN_EMAIL.`);
}
