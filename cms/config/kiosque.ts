import type { Core } from '@strapi/strapi';
import { metricsAddress, type MetricsAddress } from '@kiosque/shared';
import { secret } from '../src/utils/secrets';

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
  /**
   * Shared caches in front told what a change made old (cache/purge-hook.ts): PURGE_HOOK_URLS, none
   * by default (no hook).
   */
  purgeHook: {
    urls: string[];
    /** `post`: a JSON `{ tags, paths }` to each URL; `purge`: PURGE <url><path> with the tags; `refresh`: GET <url><path> with X-Kiosque-Purge (nginx). */
    mode: 'post' | 'purge' | 'refresh';
    /** Tries per request before giving up (PURGE_HOOK_ATTEMPTS, 4). */
    attempts: number;
    /** The whole purge is sent again after this, once every instance and the page server see the change (PURGE_HOOK_REPEAT_MS, 3000; 0: once). */
    repeatAfterMs: number;
    /** Writes within this are sent as one purge. */
    gatherMs: number;
    timeoutMs: number;
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
  counting: {
    enabled: boolean;
    flushIntervalMs: number;
    maxBuckets: number;
    /** COUNT_SECRET: the page server's key to send the article views it counted. */
    secret: string;
  };
  /** Where `GET /metrics` listens (observability/metrics.ts); undefined with METRICS_PORT=off. */
  metrics: MetricsAddress | undefined;
  /** The mail outbox's sender loop (api/mail); the transport itself is config/plugins.ts's `email`. */
  mail: MailConfig;
}

export interface MailConfig {
  /** Whether SMTP_HOST is set; without it mails are written to cms/.tmp/mail/ as .eml files. */
  smtp: boolean;
  /** How often each instance looks for due mails (and digests). */
  pollMs: number;
  /** The first retry's delay after a failed send; each next one waits twice as long, at most an hour. */
  retryBaseMs: number;
  /** Sends tried before a mail is given up (kept in the outbox with its last error). */
  maxAttempts: number;
  /** A claim older than this (an instance that died while sending) may be taken by another instance. */
  leaseMs: number;
  /** Sent mails older than this are deleted by the sender loop (their texts name readers); 0 keeps them. */
  retentionMs: number;
  /** Where the links in mails point: the CMS as readers reach it (PUBLIC_URL, else this machine). */
  linkBase: string;
  /** Keys the signed links in mails (api/mail/model/mail-tokens.ts); changing it revokes them all. */
  secret: string;
}

const PURGE_MODES = ['post', 'purge', 'refresh'] as const;

/** The purge hook's settings; an URL that is not http(s) or an unknown mode stops the boot, the setting named. */
function purgeHook(
  env: Core.Config.Shared.ConfigParams['env'],
  count: (value: number, fallback: number) => number,
): KiosqueConfig['purgeHook'] {
  const urls = env('PURGE_HOOK_URLS', '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  for (const url of urls) {
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:')
      throw new Error(`PURGE_HOOK_URLS must be http(s) URLs separated by commas, not "${url}".`);
  }
  const mode = env('PURGE_HOOK_MODE', 'post');
  if (!(PURGE_MODES as readonly string[]).includes(mode))
    throw new Error(`PURGE_HOOK_MODE must be one of ${PURGE_MODES.join(', ')}, not "${mode}".`);
  return {
    urls,
    mode: mode as KiosqueConfig['purgeHook']['mode'],
    attempts: Math.max(1, count(env.int('PURGE_HOOK_ATTEMPTS', 4), 4)),
    repeatAfterMs: count(env.int('PURGE_HOOK_REPEAT_MS', 3000), 3000),
    gatherMs: 50,
    timeoutMs: 5000,
  };
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
    purgeHook: purgeHook(env, count),
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
      secret: secret('COUNT_SECRET'),
    },
    // A METRICS_PORT that is no port stops the boot here, with the setting named.
    mail: {
      smtp: env('SMTP_HOST', '').trim() !== '',
      pollMs: Math.max(50, count(env.int('MAIL_POLL_MS', 5000), 5000)),
      retryBaseMs: Math.max(10, count(env.int('MAIL_RETRY_BASE_MS', 30_000), 30_000)),
      maxAttempts: Math.max(1, count(env.int('MAIL_MAX_ATTEMPTS', 10), 10)),
      leaseMs: 10 * 60_000,
      retentionMs: count(env.int('MAIL_RETENTION_DAYS', 30), 30) * 24 * 3600_000,
      secret: secret('MAIL_SECRET'),
      linkBase: (env('PUBLIC_URL', '') || `http://localhost:${env.int('PORT', 1337)}`).replace(/\/+$/, ''),
    },
    metrics: metricsAddress({ METRICS_PORT: env('METRICS_PORT'), METRICS_HOST: env('METRICS_HOST') }, 9464),
  };
};

export default config;
