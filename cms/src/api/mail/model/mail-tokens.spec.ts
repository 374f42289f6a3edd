import { describe, expect, it } from 'vitest';
import { addressOfSubject, addressSubject, checkMailToken, signMailToken } from './mail-tokens';

const SECRET = 'clé-de-test';
const NOW = Date.UTC(2026, 11, 2, 10, 0, 0);
const approve = (lifetimeS: number | null = 3600, nonce?: string) =>
  signMailToken(SECRET, { purpose: 'approve', subject: 'abc123', lifetimeS, nonce }, NOW);

describe('mail tokens', () => {
  it('answers the purpose, subject and nonce of a token it signed, until it expires', () => {
    const token = approve(3600, 'AAAAAAAAAAAAAAAAAAAAAA');
    expect(checkMailToken(SECRET, token, NOW + 3599_000)).toEqual({
      status: 'valid',
      purpose: 'approve',
      subject: 'abc123',
      nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(checkMailToken(SECRET, token, NOW + 3600_000)).toEqual({ status: 'expired' });
  });

  it('never expires a token signed without a lifetime (unsubscribe links)', () => {
    expect(checkMailToken(SECRET, approve(null), NOW + 10 * 365 * 86_400_000).status).toBe('valid');
  });

  it.each([
    [
      'another key',
      () => signMailToken('autre', { purpose: 'approve', subject: 'abc123', lifetimeS: 60 }, NOW),
    ],
    ['another purpose', () => approve().replace(/^approve\./, 'spam.')],
    ['another subject', () => approve().replace('.abc123.', '.abc124.')],
    [
      'a later expiry',
      () => approve().replace(/\.(\d+)\./, (_, expiry: string) => `.${Number(expiry) + 1}.`),
    ],
    ['an expired token with its expiry pushed back', () => approve(-10).replace(/\.(\d+)\./, '.9999999999.')],
    ['a truncated signature', () => approve().slice(0, -1)],
    ['no token at all', () => 'rien'],
  ])('refuses a token with %s as invalid', (_case, token) => {
    expect(checkMailToken(SECRET, token(), NOW)).toEqual({ status: 'invalid' });
  });

  it('refuses what is not a string', () => {
    for (const token of [undefined, null, 42, {}, ['approve']]) {
      expect(checkMailToken(SECRET, token, NOW).status).toBe('invalid');
    }
  });

  it('carries any address as a subject and gives it back', () => {
    for (const email of ['awa@example.org', 'élodie+kiosque@exemple.fr']) {
      const subject = addressSubject(email);
      expect(subject).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(addressOfSubject(subject)).toBe(email);
    }
  });
});
