import { describe, expect, it } from 'vitest';
import {
  CLICKS_PER_ADDRESS_PER_MINUTE,
  ClickLimiter,
  isReaderClick,
  perMinuteLimiter,
  REMEMBERED_PAIRS,
} from '../src/clicks/reader-clicks';

const BROWSER =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('isReaderClick', () => {
  it.each([
    ['a GET from a browser', 'GET', { 'user-agent': BROWSER }, true],
    [
      'a GET from the in-app browser of Facebook',
      'GET',
      { 'user-agent': `${BROWSER} [FBAN/FBIOS;FBAV/446.0]` },
      true,
    ],
    ['a HEAD', 'HEAD', { 'user-agent': BROWSER }, false],
    ['a POST', 'POST', { 'user-agent': BROWSER }, false],
    ['no User-Agent', 'GET', {}, false],
    ['a blank User-Agent', 'GET', { 'user-agent': '  ' }, false],
    ['WhatsApp building a preview', 'GET', { 'user-agent': 'WhatsApp/2.2329.7 i' }, false],
    [
      'a headless Chrome',
      'GET',
      { 'user-agent': 'Mozilla/5.0 HeadlessChrome/126.0.0.0 Safari/537.36' },
      false,
    ],
    ['a Chrome prefetch', 'GET', { 'user-agent': BROWSER, 'sec-purpose': 'prefetch' }, false],
    ['a Chrome prerender', 'GET', { 'user-agent': BROWSER, 'sec-purpose': 'prefetch;prerender' }, false],
    ['an old Chrome prefetch', 'GET', { 'user-agent': BROWSER, purpose: 'Prefetch' }, false],
    ['a Firefox prefetch', 'GET', { 'user-agent': BROWSER, 'x-moz': 'prefetch' }, false],
    ['a Safari preview', 'GET', { 'user-agent': BROWSER, 'x-purpose': 'preview' }, false],
    ['a repeated Purpose header', 'GET', { 'user-agent': BROWSER, purpose: ['x', 'prefetch'] }, false],
  ])('%s: %s', (_label, method, headers, expected) => {
    expect(isReaderClick({ method, headers })).toBe(expected);
  });
});

describe('ClickLimiter', () => {
  function limiter(options: Partial<ConstructorParameters<typeof ClickLimiter>[0]> = {}) {
    const clock = { now: 1_000_000 };
    const limits = new ClickLimiter(
      { limit: 3, windowMs: 60_000, maxKeys: 100, ...options },
      () => clock.now,
    );
    return { limits, clock };
  }

  it('allows the limit within any window, and again as the oldest clicks leave it', () => {
    const { limits, clock } = limiter();
    expect([1, 2, 3, 4, 5].map(() => limits.take('a'))).toEqual([true, true, true, false, false]);
    expect(limits.take('b')).toBe(true);

    clock.now += 30_000;
    expect(limits.take('a')).toBe(false);
    clock.now += 29_999;
    expect(limits.take('a')).toBe(false);
    // The first three were a minute ago; refused clicks never counted towards the window.
    clock.now += 1;
    expect([1, 2, 3, 4].map(() => limits.take('a'))).toEqual([true, true, true, false]);
  });

  it('remembers a bounded number of keys, forgetting the least recently seen first', () => {
    const { limits } = limiter({ limit: 1, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) expect(limits.take(key)).toBe(true);
    expect(limits.take('a')).toBe(false);
    for (let index = 0; index < 1000; index += 1) limits.take(`flood ${index}`);
    expect(limits.size).toBe(3);
    expect(limits.take('flood 999')).toBe(false);
    expect(limits.take('b')).toBe(true);
  });

  it('is made per minute over a bounded set of keys by perMinuteLimiter, 3 a minute unless told', () => {
    expect(perMinuteLimiter().options).toEqual({
      limit: CLICKS_PER_ADDRESS_PER_MINUTE,
      windowMs: 60_000,
      maxKeys: REMEMBERED_PAIRS,
    });
    expect(CLICKS_PER_ADDRESS_PER_MINUTE).toBe(3);
    const beacons = perMinuteLimiter(30);
    expect(Array.from({ length: 31 }, () => beacons.take('une adresse')).filter(Boolean)).toHaveLength(30);
  });
});
