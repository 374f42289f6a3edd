import { describe, expect, it } from 'vitest';
import { checkPreviewToken, PREVIEW_TOKEN_LIFETIME_S, signPreviewToken } from '../src/utils/preview-token';

const SECRET = 'secret-de-test-pour-les-apercus';
const DOCUMENT = 'k3v8pd0cw6w4x2sj9d1q5m7a';
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

describe('preview tokens', () => {
  it('are accepted for their article until they expire, then refused as expired', () => {
    const token = signPreviewToken(SECRET, DOCUMENT, NOW);
    expect(token).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(Number(token.split('.')[0])).toBe(NOW / 1000 + PREVIEW_TOKEN_LIFETIME_S);

    expect(checkPreviewToken(SECRET, token, DOCUMENT, NOW)).toBe('valid');
    expect(checkPreviewToken(SECRET, token, DOCUMENT, NOW + PREVIEW_TOKEN_LIFETIME_S * 1000 - 1)).toBe(
      'valid',
    );
    expect(checkPreviewToken(SECRET, token, DOCUMENT, NOW + PREVIEW_TOKEN_LIFETIME_S * 1000)).toBe('expired');
  });

  it('are refused for another article, or when signed with another secret', () => {
    const token = signPreviewToken(SECRET, DOCUMENT, NOW);
    expect(checkPreviewToken(SECRET, token, 'autre-article-0000000000', NOW)).toBe('invalid');
    expect(checkPreviewToken('un-autre-secret', token, DOCUMENT, NOW)).toBe('invalid');
  });

  it('are refused when any character is changed, including a later expiry', () => {
    const token = signPreviewToken(SECRET, DOCUMENT, NOW);
    const [expiry, signature] = token.split('.');
    expect(checkPreviewToken(SECRET, `${Number(expiry) + 3600}.${signature}`, DOCUMENT, NOW)).toBe('invalid');
    for (let index = 0; index < signature.length; index += 1) {
      const changed = signature[index] === 'A' ? 'B' : 'A';
      const tampered = `${expiry}.${signature.slice(0, index)}${changed}${signature.slice(index + 1)}`;
      expect(checkPreviewToken(SECRET, tampered, DOCUMENT, NOW), `character ${index}`).toBe('invalid');
    }
  });

  it('says a forged token is invalid even when its claimed expiry is past', () => {
    const expired = signPreviewToken(SECRET, DOCUMENT, NOW - 2 * PREVIEW_TOKEN_LIFETIME_S * 1000);
    expect(checkPreviewToken(SECRET, expired, DOCUMENT, NOW)).toBe('expired');
    const other = expired.endsWith('x') ? 'y' : 'x';
    expect(checkPreviewToken(SECRET, `${expired.slice(0, -1)}${other}`, DOCUMENT, NOW)).toBe('invalid');
  });

  it.each([
    undefined,
    null,
    42,
    '',
    'abc',
    '123.',
    '.abc',
    `1.${'a'.repeat(44)}`,
    `${'9'.repeat(13)}.${'a'.repeat(43)}`,
  ])('refuses a malformed token (%s)', (token) => {
    expect(checkPreviewToken(SECRET, token, DOCUMENT, NOW)).toBe('invalid');
  });
});
