import { describe, expect, it } from 'vitest';
import { PUBLIC_CACHE_CONTROL, pageNumberFrom, surrogateKeyHeader } from './http-cache';

describe('surrogateKeyHeader', () => {
  it.each([
    [['article:stage-a-dakar', 'category:emploi'], 'article:stage-a-dakar category:emploi site'],
    [['home', 'home', 'site'], 'home site'],
    [[], 'site'],
    // A tag that would split in two, inject a header or break a Cache-Tag list is left out.
    [['article:a b', 'article:a,b', 'article:a\r\nSet-Cookie: x=1', 'article:été', '', 'home'], 'home site'],
    [[`article:${'x'.repeat(300)}`], 'site'],
  ])('writes %j as %j', (tags, header) => {
    expect(surrogateKeyHeader(tags)).toBe(header);
  });
});

describe('pageNumberFrom', () => {
  it.each([
    ['2', 2],
    ['02', 2],
    [['3', '4'], 3],
    ['0', 1],
    ['-2', 1],
    ['2.5', 1],
    ['1e3', 1],
    ['9999999', 1],
    [undefined, 1],
    [null, 1],
  ] as const)('reads %j as page %i', (value, page) => {
    expect(pageNumberFrom(value)).toBe(page);
  });
});

it('lets shared caches keep a public answer, and browsers ask again each time', () => {
  expect(PUBLIC_CACHE_CONTROL).toMatch(
    /^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+, stale-if-error=\d+$/,
  );
});
