/** What a key is made from: the Web Crypto API, whose `randomUUID` only secure contexts (https, localhost) have. */
export interface RandomSource {
  randomUUID?: () => string;
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

/** What the CMS accepts in an `Idempotency-Key` header. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

const KEY_BYTES = 16;

function hex(bytes: Iterable<number>): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A fresh random key naming one submission, so that the CMS stores it once however often it is sent:
 * a UUID where the browser offers one, otherwise 128 random bits as 32 hexadecimal digits.
 */
export function createIdempotencyKey(source: RandomSource | undefined = globalThis.crypto): string {
  if (typeof source?.randomUUID === 'function') return source.randomUUID();
  const bytes = new Uint8Array(KEY_BYTES);
  if (typeof source?.getRandomValues === 'function') {
    source.getRandomValues(bytes);
  } else {
    // No Web Crypto at all (very old browsers): still a valid, unlikely-to-repeat key.
    for (let index = 0; index < bytes.length; index += 1) bytes[index] = Math.floor(Math.random() * 256);
  }
  return hex(bytes);
}
