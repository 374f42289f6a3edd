import { describe, expect, it, vi } from 'vitest';
import { IDEMPOTENCY_KEY_PATTERN, createIdempotencyKey } from './idempotencyKey';

describe('createIdempotencyKey', () => {
  it('uses the browser’s random UUID where there is one', () => {
    const randomUUID = vi.fn(() => '6f1c1f5e-2b0a-4c38-9d2e-5b7a1e0c9f42');

    expect(createIdempotencyKey({ randomUUID, getRandomValues: vi.fn() })).toBe(
      '6f1c1f5e-2b0a-4c38-9d2e-5b7a1e0c9f42',
    );
  });

  it('makes a valid key from random bytes where randomUUID is missing, as outside https', () => {
    const getRandomValues = vi.fn((array: Uint8Array) => array.fill(171));

    const key = createIdempotencyKey({ getRandomValues });

    expect(getRandomValues).toHaveBeenCalledOnce();
    expect(key).toBe('ab'.repeat(16));
    expect(key).toMatch(IDEMPOTENCY_KEY_PATTERN);
  });

  it('still makes a valid key without the Web Crypto API', () => {
    expect(createIdempotencyKey({})).toMatch(IDEMPOTENCY_KEY_PATTERN);
  });

  it('makes keys the CMS accepts, a new one each time, with the real crypto', () => {
    const keys = new Set(Array.from({ length: 20 }, () => createIdempotencyKey()));

    expect(keys.size).toBe(20);
    for (const key of keys) expect(key).toMatch(IDEMPOTENCY_KEY_PATTERN);
  });
});
