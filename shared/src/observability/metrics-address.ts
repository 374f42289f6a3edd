/** Where a service serves its Prometheus metrics. */
export interface MetricsAddress {
  port: number;
  host: string;
}

/**
 * The metrics address from the environment: `METRICS_PORT` (unset or empty: `defaultPort`; `off`:
 * none; 0: any free port, for tests) on `METRICS_HOST` (default 127.0.0.1, this machine only). The
 * metrics have a port of their own, which nothing public proxies, rather than a path of the public one.
 */
export function metricsAddress(
  env: { METRICS_PORT?: string; METRICS_HOST?: string },
  defaultPort: number,
): MetricsAddress | undefined {
  const setting = (env.METRICS_PORT ?? '').trim();
  if (setting === 'off') return undefined;
  const port = setting === '' ? defaultPort : Number(setting);
  if (!/^\d*$/.test(setting) || !Number.isInteger(port) || port > 65535) {
    throw new Error(`METRICS_PORT must be a port number or "off", not "${setting}".`);
  }
  return { port, host: (env.METRICS_HOST ?? '').trim() || '127.0.0.1' };
}
