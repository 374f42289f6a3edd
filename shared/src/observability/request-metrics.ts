/**
 * The request-duration histograms of the CMS and the page server: the same buckets and the same
 * `method` and `status_class` labels, so that one dashboard sets the two side by side. Plain
 * settings for prom-client's `Histogram` (shared/ depends on no metrics library).
 */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/** The histogram's settings: its name and help, and the one label that says what was asked (`by`). */
export function requestDurationHistogram<By extends string>(name: string, help: string, by: By) {
  return {
    name,
    help,
    labelNames: [by, 'method', 'status_class'] as (By | 'method' | 'status_class')[],
    buckets: [...REQUEST_DURATION_BUCKETS],
  };
}

/** The `status_class` label: `2xx`, `4xx`… (a bounded set, whatever the status). */
export function statusClassOf(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
