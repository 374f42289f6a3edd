import { fileURLToPath } from 'node:url';
import { metricsAddress } from '@kiosque/shared';
import { createSiteMetrics, portOf, serveMetrics } from './observability.js';
import { createWebServer } from './server.js';
import { createRedirects } from './redirects.js';
import { createViewCounter } from './view-counts.js';

// `node web/build/server/main.js`: the reader site in production (behind nginx) and in the browser tests.
const env = process.env;
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '0.0.0.0';
const apiUrl = env.VITE_API_URL ?? '';
const metrics = createSiteMetrics();
const metricsAt = metricsAddress(env, 9465);
// A negative or unreadable number keeps the default.
const setting = (value: string | undefined, fallback: number) => {
  const number = Number(value ?? '');
  return value !== undefined && value !== '' && Number.isFinite(number) && number >= 0 ? number : fallback;
};

// COUNT_SECRET set: this server counts the article views it answers and sends them to the CMS (which
// has the same secret). Unset (a shared cache in front answers views it never sees): the SPA's beacon counts them.
const countSecret = env.COUNT_SECRET ?? '';
const viewCounter =
  countSecret === ''
    ? undefined
    : createViewCounter({
        cmsUrl: env.CMS_URL ?? 'http://localhost:1337',
        secret: countSecret,
        // At least 100 ms, as the CMS reads it: a flush per request would be the load batching avoids.
        flushIntervalMs: Math.max(100, setting(env.COUNT_FLUSH_MS, 5000)),
        onError: (error) =>
          console.warn(
            `[kiosque-web] view counts not sent, kept for the next flush (${error instanceof Error ? error.message : String(error)})`,
          ),
      });
viewCounter?.start();

const server = createWebServer({
  distDir: env.WEB_DIST_DIR ?? fileURLToPath(new URL('../../dist', import.meta.url)),
  siteUrl: env.SITE_URL || env.PUBLIC_URL || `http://localhost:${port}`,
  cmsUrl: env.CMS_URL ?? 'http://localhost:1337',
  // Built beside this server by `npm run build -w web` (web/build/ssr).
  ssrEntry: fileURLToPath(new URL('../ssr/entry-server.js', import.meta.url)),
  proxyApi: env.PROXY_API !== 'false',
  apiOrigin: apiUrl === '' ? undefined : new URL(apiUrl).origin,
  adminOrigin: env.ADMIN_URL ? new URL(env.ADMIN_URL).origin : undefined,
  metrics,
  redirects: createRedirects({
    cmsUrl: env.CMS_URL ?? 'http://localhost:1337',
    refreshMs: setting(env.REDIRECTS_REFRESH_S, 30) * 1000,
  }),
  // PAGE_CACHE=off renders every request (the benchmark's uncached line, a debugging aid).
  ...(env.PAGE_CACHE === 'off' ? { contentVersion: false as const } : {}),
  pageCache: {
    maxBytes: setting(env.PAGE_CACHE_MAX_MB, 64) * 1024 * 1024,
    maxAgeMs: setting(env.PAGE_CACHE_MAX_AGE_S, 60) * 1000,
  },
  viewCounter,
});

server.listen(port, host, () => {
  console.log(`[kiosque-web] listening on http://${host}:${port}`);
});

// Its own port, which nginx never proxies; a port already taken must not keep readers from the site.
const metricsServer =
  metricsAt &&
  serveMetrics(metrics.registry, metricsAt).then(
    (listening) => {
      console.log(`[kiosque-web] metrics on http://${metricsAt.host}:${portOf(listening)}/metrics`);
      return listening;
    },
    (error: unknown) => {
      console.error(
        `[kiosque-web] metrics not served: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    },
  );

function stop(): void {
  void metricsServer?.then((listening) => listening?.close());
  // The views counted up to the last answer are sent before the process ends.
  server.close(() => void (viewCounter?.stop() ?? Promise.resolve()).finally(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
