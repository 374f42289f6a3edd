import { describe, expect, it } from 'vitest';
import { STRAPI_SECRET_NAMES, generateStrapiSecret, generateStrapiSecrets } from './strapi-secrets';

// atob() answers one character per byte.
const bytesOf = (value: string) => atob(value);

describe('Strapi secrets for a CMS started without an operator', () => {
  it('makes each secret of 32 random bytes in base64, and APP_KEYS of four such keys', () => {
    const secrets = generateStrapiSecrets();
    expect(Object.keys(secrets)).toEqual([...STRAPI_SECRET_NAMES]);
    const keys = secrets.APP_KEYS.split(',');
    expect(keys).toHaveLength(4);
    for (const value of [
      ...keys,
      ...STRAPI_SECRET_NAMES.filter((n) => n !== 'APP_KEYS').map((n) => secrets[n]),
    ]) {
      expect(value).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(bytesOf(value)).toHaveLength(32);
    }
  });

  it('never makes the same value twice', () => {
    const values = Array.from({ length: 50 }, () => generateStrapiSecret('JWT_SECRET'));
    expect(new Set(values).size).toBe(values.length);
    expect(new Set(generateStrapiSecret('APP_KEYS').split(',')).size).toBe(4);
  });
});
