import { describe, expect, it } from 'vitest';
import { isLocalTarget, redirectKey } from './redirect-key.js';

describe('redirectKey', () => {
  it.each([
    ['/2024/03/titre/', '', '/2024/03/titre'],
    ['/2024/03/titre', '?utm_source=x', '/2024/03/titre'],
    ['/2024/05/n%c3%a9gocier/', '', '/2024/05/négocier'],
    ['/2024//05/', '', '/2024/05'],
    ['/', '?p=101', '/?p=101'],
    ['/', '?cat=6&x=1', '/?cat=6'],
    ['/', '?p=abc', '/'],
    ['/', '', '/'],
    ['/%E0%A4%A', '', undefined],
    ['/a%00b', '', undefined],
    ['/a\\b', '', undefined],
    ['relatif', '', undefined],
    [`/${'a'.repeat(600)}`, '', undefined],
  ])('%j %j → %j', (pathname, search, key) => {
    expect(redirectKey(pathname, search)).toBe(key);
  });
});

describe('isLocalTarget', () => {
  it.each([
    ['/articles/titre', true],
    ['/', true],
    ['//piege.example', false],
    ['/\\piege.example', false],
    ['https://piege.example', false],
    ['javascript:alert(1)', false],
    ['/a b', false],
  ])('%j → %j', (target, local) => {
    expect(isLocalTarget(target)).toBe(local);
  });
});
