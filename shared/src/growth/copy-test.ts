import type { CopyVariant } from './counting.js';

/**
 * A-B copy tests of the join blocks: which variant a view gets, and what the counts say.
 */

/**
 * The variant one view shows: B half the time when the group has a second text, else A. `random` is
 * a number in [0, 1) (Math.random in the browser): nothing about the reader is used or kept.
 */
export function pickVariant(hasVariantB: boolean, random: number): CopyVariant {
  return hasVariantB && random >= 0.5 ? 'b' : 'a';
}

export interface VariantCounts {
  impressions: number;
  clicks: number;
}

export type CopyTestVerdict = 'not-enough-data' | 'b-better' | 'a-better' | 'no-difference';

export interface CopyTestReadout {
  verdict: CopyTestVerdict;
  /** The plain-French sentence the dashboard shows. */
  message: string;
  /** Click-through rates (clicks / impressions), 0 without impressions. */
  rateA: number;
  rateB: number;
  /** The two-proportion z statistic (B − A), null when there is not enough data. */
  z: number | null;
  /** Two-sided p-value, null when there is not enough data. */
  pValue: number | null;
}

/**
 * The normal approximation behind the z-test holds when each variant has seen enough views and
 * enough clicks and non-clicks (the usual n·p ≥ 5 rule, with a floor of 100 views).
 */
export const MIN_IMPRESSIONS = 100;
export const MIN_EVENTS = 5;

/** Standard normal cumulative distribution (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const percent = (value: number) => `${(value * 100).toFixed(1).replace('.', ',')} %`;

/**
 * Two-proportion z-test (pooled) of B's click-through rate against A's, read at 95 % and 99 %
 * confidence (two-sided). Counts that are not whole non-negative numbers, or more clicks than views,
 * are refused (a RangeError): they are a bug upstream, not data.
 */
export function compareVariants(a: VariantCounts, b: VariantCounts): CopyTestReadout {
  for (const counts of [a, b]) {
    const { impressions, clicks } = counts;
    if (![impressions, clicks].every((n) => Number.isInteger(n) && n >= 0) || clicks > impressions) {
      throw new RangeError(`Counts out of range: ${JSON.stringify(counts)}`);
    }
  }
  const rateA = a.impressions === 0 ? 0 : a.clicks / a.impressions;
  const rateB = b.impressions === 0 ? 0 : b.clicks / b.impressions;
  const enough = [a, b].every(
    ({ impressions, clicks }) =>
      impressions >= MIN_IMPRESSIONS && clicks >= MIN_EVENTS && impressions - clicks >= MIN_EVENTS,
  );
  if (!enough) {
    return {
      verdict: 'not-enough-data',
      message: `Pas encore assez de données (au moins ${MIN_IMPRESSIONS} affichages et ${MIN_EVENTS} clics par variante).`,
      rateA,
      rateB,
      z: null,
      pValue: null,
    };
  }
  const pooled = (a.clicks + b.clicks) / (a.impressions + b.impressions);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / a.impressions + 1 / b.impressions));
  const z = standardError === 0 ? 0 : (rateB - rateA) / standardError;
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  const confidence = pValue < 0.01 ? '99 %' : pValue < 0.05 ? '95 %' : null;
  if (confidence === null) {
    return {
      verdict: 'no-difference',
      message: `Pas de différence nette entre A (${percent(rateA)}) et B (${percent(rateB)}) pour l’instant.`,
      rateA,
      rateB,
      z,
      pValue,
    };
  }
  const [better, worse, betterRate, worseRate] = z > 0 ? ['B', 'A', rateB, rateA] : ['A', 'B', rateA, rateB];
  return {
    verdict: z > 0 ? 'b-better' : 'a-better',
    message: `${better} fait mieux que ${worse}, avec ${confidence} de confiance (${percent(betterRate)} de clics contre ${percent(worseRate)}).`,
    rateA,
    rateB,
    z,
    pValue,
  };
}
