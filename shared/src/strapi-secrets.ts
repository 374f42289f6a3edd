/**
 * The secrets Strapi signs and encrypts with, named once for everything that provides them: the CMS
 * (cms/src/utils/secrets.ts, which requires them in production and generates them on a laptop), the
 * tools that boot it (`npm run bench`, `npm run soak`) and the tests of `npm run setup:env`.
 */
export const STRAPI_SECRET_NAMES = [
  // Strapi's session keys, four of them comma-separated; the first also keys the address hashes.
  'APP_KEYS',
  'ADMIN_JWT_SECRET',
  'API_TOKEN_SALT',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
  // Signs the short-lived links that open a draft in the reader site (cms/src/utils/preview-token.ts).
  'PREVIEW_SECRET',
  // Signs the links in Kiosque's mails: moderation actions, confirmations, unsubscriptions (cms/src/api/mail).
  'MAIL_SECRET',
  // The page server's key to send the article views it counted (POST /api/reader-counts/views); the
  // page server must be given the same value.
  'COUNT_SECRET',
] as const;

export type StrapiSecretName = (typeof STRAPI_SECRET_NAMES)[number];

/** 32 random bytes in base64, as `openssl rand -base64 32` makes them (.env.example says so). */
function randomBase64(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes));
}

/** A fresh value for one secret: 32 random bytes in base64; for APP_KEYS, four of them. */
export function generateStrapiSecret(name: StrapiSecretName): string {
  return name === 'APP_KEYS' ? Array.from({ length: 4 }, randomBase64).join(',') : randomBase64();
}

/** A fresh value for every secret, as the environment of a CMS started for one run. */
export function generateStrapiSecrets(): Record<StrapiSecretName, string> {
  return Object.fromEntries(STRAPI_SECRET_NAMES.map((name) => [name, generateStrapiSecret(name)])) as Record<
    StrapiSecretName,
    string
  >;
}
