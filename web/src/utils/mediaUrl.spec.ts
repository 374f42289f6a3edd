import { describe, expect, it } from 'vitest';
import { resolveMediaUrl } from './mediaUrl';

describe('resolveMediaUrl', () => {
  it.each([
    ['/uploads/photo.jpg', 'http://localhost:1337/uploads/photo.jpg'],
    ['https://cdn.example.org/photo.jpg', 'https://cdn.example.org/photo.jpg'],
    ['//evil.example/photo.jpg', null],
    ['/\\evil.example/photo.jpg', null],
    ['/\t/evil.example/photo.jpg', null],
    ['/..//evil.example/photo.jpg', null],
    ['mailto:redaction@example.org', null],
    ['javascript:alert(1)', null],
    ['', null],
    [null, null],
  ])('resolves %j to %j', (url, expected) => {
    expect(resolveMediaUrl(url)).toBe(expected);
  });
});
