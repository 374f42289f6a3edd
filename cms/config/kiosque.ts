import type { Core } from '@strapi/strapi';
import { metricsAddress, type MetricsAddress } from '@kiosque/shared';

/** Kiosque's own knobs, read once at boot; `strapi.config.get('kiosque')` in cms/src, never process.env. */
export interface KiosqueConfig {
  responseCache: {
    /** `RESPONSE_CACHE=off` turns the response cache off (the benchmark's baseline). */
    enabled: boolean;
    maxEntries: number;
    maxBytes: number;
    /** How often the shared generation is read from the database; 0 for a single instance. */
    syncIntervalMs: number;
    /** How long an answer is kept at most when nothing is written; 0: no limit. */
    maxAgeMs: number;
  };
  /** `PUBLIC_ACCESS_CACHE=off` reads the public role's permissions on every anonymous request. */
  publicAccessCache: boolean;
  /** How long shutdown waits for the requests under way. */
  shutdownGraceMs: number;
  /** PostgreSQL: how many comment batches are written side by side (SQLite writes one at a time). */
  commentWriteLanes: number;
  /** `SEED_DEMO_CONTENT=false` never creates the demo content (bootstrap/demo-content.ts). */
  seedDemoContent: boolean;
  /** The first administrator, created at boot when none exists (bootstrap/admin-user.ts); unset without both ADMIN_EMAIL and ADMIN_PASSWORD. */
  firstAdmin: { email: string; password: string; firstname: string; lastname: string } | undefined;
  /** The reader counters (src/counting/reader-counters.ts). */
  counting: { enabled: boolean; flushIntervalMs: number; maxBuckets: number };
  /** Where `GET /metrics` listens (observability/metrics.ts); undefined with METRICS_PORT=off. */
  metrics: MetricsAddress | undefined;
}

function firstAdmin(env: Core.Config.Shared.ConfigParams['env']): KiosqueConfig['firstAdmin'] {
  const email = env('ADMIN_EMAIL', '').trim();
  const password = env('ADMIN_PASSWORD', '');
  if (email === '' || password === '') return undefined;
  return {
    email,
    password,
    firstname: env('ADMIN_FIRSTNAME', 'Admin'),
    lastname: env('ADMIN_LASTNAME', 'Kiosque'),
  };
}

const config = ({ env }: Core.Config.Shared.ConfigParams): KiosqueConfig => {
  // A negative or unreadable value keeps the default.
  const count = (value: number, fallback: number): number =>
    Number.isInteger(value) && value >= 0 ? value : fallback;
  return {
    responseCache: {
      enabled: env('RESPONSE_CACHE', 'on') !== 'off',
      maxEntries: count(env.int('RESPONSE_CACHE_MAX_ENTRIES', 10_000), 10_000),
      maxBytes: count(env.int('RESPONSE_CACHE_MAX_MB', 64), 64) * 1024 * 1024,
      syncIntervalMs: count(env.int('RESPONSE_CACHE_SYNC_MS', 1000), 1000),
      maxAgeMs: count(env.int('RESPONSE_CACHE_MAX_AGE_S', 60), 60) * 1000,
    },
    publicAccessCache: env('PUBLIC_ACCESS_CACHE', 'on') !== 'off',
    shutdownGraceMs: count(env.int('SHUTDOWN_GRACE_MS', 10_000), 10_000),
    commentWriteLanes: Math.max(1, count(env.int('COMMENT_WRITE_LANES', 4), 4)),
    seedDemoContent: env('SEED_DEMO_CONTENT', 'true') !== 'false',
    firstAdmin: firstAdmin(env),
    counting: {
      enabled: env('COUNTING', 'on') !== 'off',
      // At least 100 ms: a flush per request would be the write load batching exists to avoid.
      flushIntervalMs: Math.max(100, count(env.int('COUNT_FLUSH_MS', 5000), 5000)),
      maxBuckets: 50_000,
    },
    // A METRICS_PORT that is no port stops the boot here, with the setting named.
    metrics: metricsAddress({ METRICS_PORT: env('METRICS_PORT'), METRICS_HOST: env('METRICS_HOST') }, 9464),
  };
};

export default config;
