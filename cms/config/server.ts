import type { Core } from '@strapi/strapi';
import { secret } from '../src/utils/secrets';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Strapi 5 reads `proxy.koa` (a bare boolean is ignored): behind nginx, the reader's address comes
  // from X-Forwarded-For only when this is set, or every reader would share the proxy's rate limit.
  proxy: { koa: env.bool('TRUST_PROXY', false) },
  // Nothing may reach the internet at run time, not even to look for a newer Strapi.
  logger: { updates: { enabled: false } },
  app: {
    keys: secret('APP_KEYS').split(','),
  },
});

export default config;
