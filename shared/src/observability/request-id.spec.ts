import { describe, expect, it } from 'vitest';
import { requestIdFrom } from './request-id.js';

const make = () => 'made-here-0001';

describe('requestIdFrom', () => {
  it.each(['abcdefgh', '0b6f2c1e-9d7a-4c3b-8a4e-2f1d5c6b7a80', 'nginx.req_42-abc', 'a'.repeat(128)])(
    'keeps the sane id %s',
    (id) => {
      expect(requestIdFrom(id, make)).toBe(id);
    },
  );

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too short', 'abc'],
    ['too long', 'a'.repeat(129)],
    ['a forged log field', 'abcdefgh","level":"error'],
    ['a new line', 'abcdefgh\nFAKE'],
    ['spaces', 'abcd efgh'],
  ])('replaces an id that is %s', (_case, id) => {
    expect(requestIdFrom(id, make)).toBe('made-here-0001');
  });

  it('reads the first of a repeated header', () => {
    expect(requestIdFrom(['first-id-1', 'second-id-2'], make)).toBe('first-id-1');
  });
});
