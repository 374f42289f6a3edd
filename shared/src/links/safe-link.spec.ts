import { describe, expect, it } from 'vitest';
import { safeLink } from './safe-link.js';

describe('safeLink', () => {
  it.each([
    ['/articles/autre-article', '/articles/autre-article'],
    ['/recherche?q=m%C3%A9tier#resultats', '/recherche?q=m%C3%A9tier#resultats'],
    ['/uploads/photo.jpg', '/uploads/photo.jpg'],
    ['  /articles/espaces-autour \n', '/articles/espaces-autour'],
    ['/categorie/../articles/a', '/articles/a'],
    ['/articles/é', '/articles/%C3%A9'],
    ['/', '/'],
  ])('keeps the site path %j as %j', (candidate, href) => {
    expect(safeLink(candidate)).toEqual({ kind: 'path', href });
  });

  it.each([
    ['https://www.example.org/guide', 'web', 'https://www.example.org/guide'],
    ['http://example.org', 'web', 'http://example.org/'],
    ['HTTPS://Example.ORG/A?b=1', 'web', 'https://example.org/A?b=1'],
    ['https://example.org/a b', 'web', 'https://example.org/a%20b'],
    ['mailto:redaction@example.org', 'mail', 'mailto:redaction@example.org'],
  ])('keeps the absolute link %j as a %s link to %j', (candidate, kind, href) => {
    expect(safeLink(candidate)).toEqual({ kind, href });
  });

  // Each of these either runs code or leads a reader off the site while looking like a path on it.
  it.each([
    ['a backslash after the slash', '/\\evil.example'],
    ['two backslashes', '\\\\evil.example'],
    ['a backslash then a slash', '\\/evil.example'],
    ['a tab between the slashes', '/\t/evil.example'],
    ['a newline between the slashes', '/\n/evil.example'],
    ['a carriage return between the slashes', '/\r/evil.example'],
    ['a backslash and a t', '/\\t/evil'],
    ['a percent-encoded backslash', '/%5Cevil.example'],
    ['a lower-case percent-encoded backslash', '/%5cevil.example'],
    ['a protocol-relative address', '//evil.example/x'],
    ['dot segments that normalise to //', '/..//evil.example'],
    ['a dot segment that normalises to //', '/.//evil.example'],
    ['a space', '/ /evil.example'],
    ['a no-break space', '/\u00a0/evil.example'],
    ['an ideographic space', '/\u3000/evil.example'],
    ['a NUL byte', '/articles/\u0000x'],
    ['a zero-width space', '/\u200b/evil.example'],
    ['a right-to-left override', '/articles/\u202egpj.exe'],
    ['a relative path without a leading slash', 'articles/x'],
    ['a fragment only', '#section'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript: in capitals after a space', ' JavaScript:alert(1)'],
    ['javascript: split by a tab', 'java\tscript:alert(1)'],
    ['javascript: split by a newline', 'java\nscript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['file:', 'file:///etc/passwd'],
    ['an https link holding a control character', 'https://example.org/\u0007'],
    ['an empty string', ''],
    ['spaces only', '   '],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
  ])('refuses %s (%j)', (_what, candidate) => {
    expect(safeLink(candidate)).toBeNull();
  });
});
