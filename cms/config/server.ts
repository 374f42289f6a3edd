import type { Core } from '@strapi/strapi';
import { secret } from '../src/utils/secrets';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Strapi 5 reads `proxy.koa` (a bare boolean is ignored): behind nginx, the reader's address comes
  // from X-Forwarded-For only when this is set, or every reader would share the proxy's rate limit.
  // Only the entries the operator's own proxies wrote are believed: Koa keeps the last
  // `maxIpsCount` of them, so whatever a client put in front of them is never its address. One hop
  // by default: the shipped nginx, which sends the address it saw.
  proxy: {
    koa: env.bool('TRUST_PROXY', false),
    maxIpsCount: Math.max(1, env.int('TRUST_PROXY_HOPS', 1)),
  },
  // Nothing may reach the internet at run time, not even to look for a newer Strapi.
  logger: { updates: { enabled: false } },
  // The folder Strapi serves, whose uploads/ holds the uploaded files (relative to cms/): a volume in
  // Compose, another folder for the backup drill (tests/backup-restore.spec.ts).
  dirs: { public: env('CMS_PUBLIC_DIR', './public') },
  app: {
    keys: secret('APP_KEYS').split(','),
  },
});

export default config;
