import { describe, expect, it } from 'vitest';
import { compareVariants, normalCdf, pickVariant } from './copy-test.js';

describe('compareVariants', () => {
  // z and p computed independently (Python: pooled two-proportion test, math.erfc for the p-value).
  it.each`
    a              | b              | z          | p          | verdict            | message
    ${[200, 1000]} | ${[250, 1000]} | ${2.6774}  | ${0.00742} | ${'b-better'}      | ${'B fait mieux que A, avec 99 % de confiance (25,0 % de clics contre 20,0 %).'}
    ${[50, 500]}   | ${[72, 500]}   | ${2.1257}  | ${0.03353} | ${'b-better'}      | ${'B fait mieux que A, avec 95 % de confiance (14,4 % de clics contre 10,0 %).'}
    ${[72, 500]}   | ${[50, 500]}   | ${-2.1257} | ${0.03353} | ${'a-better'}      | ${'A fait mieux que B, avec 95 % de confiance (14,4 % de clics contre 10,0 %).'}
    ${[100, 1000]} | ${[125, 1000]} | ${1.7691}  | ${0.07687} | ${'no-difference'} | ${'Pas de différence nette entre A (10,0 %) et B (12,5 %) pour l’instant.'}
    ${[30, 1200]}  | ${[30, 1150]}  | ${0.167}   | ${0.86738} | ${'no-difference'} | ${'Pas de différence nette entre A (2,5 %) et B (2,6 %) pour l’instant.'}
  `('A $a against B $b: z = $z, p = $p, $verdict', ({ a, b, z, p, verdict, message }) => {
    const readout = compareVariants({ clicks: a[0], impressions: a[1] }, { clicks: b[0], impressions: b[1] });
    expect(readout.verdict).toBe(verdict);
    expect(readout.message).toBe(message);
    expect(readout.z).toBeCloseTo(z, 3);
    expect(readout.pValue).toBeCloseTo(p, 4);
  });

  it.each([
    ['no views at all', [0, 0], [0, 0]],
    ['fewer than 100 views of B', [10, 400], [30, 99]],
    ['fewer than 5 clicks on A', [4, 1000], [40, 1000]],
    ['fewer than 5 views without a click on B', [40, 400], [98, 102]],
  ])('says there is not enough data with %s', (_label, a, b) => {
    const readout = compareVariants({ clicks: a[0], impressions: a[1] }, { clicks: b[0], impressions: b[1] });
    expect(readout.verdict).toBe('not-enough-data');
    expect(readout.message).toMatch(/^Pas encore assez de données/);
    expect(readout.z).toBeNull();
  });

  it('answers no difference when both variants have the same rate', () => {
    expect(compareVariants({ clicks: 50, impressions: 500 }, { clicks: 50, impressions: 500 }).z).toBe(0);
  });

  it.each([
    [{ clicks: 11, impressions: 10 }],
    [{ clicks: -1, impressions: 10 }],
    [{ clicks: 1.5, impressions: 10 }],
    [{ clicks: 1, impressions: Number.NaN }],
  ])('refuses impossible counts %j', (counts) => {
    expect(() => compareVariants(counts, { clicks: 1, impressions: 10 })).toThrow(RangeError);
  });
});

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1.959964, 0.975],
    [-1.959964, 0.025],
    [2.575829, 0.995],
    [1, 0.841345],
  ])('Φ(%d) = %d', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 6);
  });
});

describe('pickVariant', () => {
  it('always shows A when the group has no second text', () => {
    expect([0, 0.49, 0.5, 0.99].map((random) => pickVariant(false, random))).toEqual(['a', 'a', 'a', 'a']);
  });

  it('splits [0, 1) in two halves', () => {
    expect([0, 0.4999, 0.5, 0.9999].map((random) => pickVariant(true, random))).toEqual(['a', 'a', 'b', 'b']);
  });

  it('gives B to close to half of 100,000 views drawn with Math.random', () => {
    const views = 100_000;
    let b = 0;
    for (let index = 0; index < views; index += 1) if (pickVariant(true, Math.random()) === 'b') b += 1;
    // 5 standard deviations of a fair binomial (√(n/4) ≈ 158): fails by chance about once in 1.7 million runs.
    expect(Math.abs(b - views / 2)).toBeLessThan(5 * Math.sqrt(views / 4));
  });
});
