/**
 * Test data: links an editor could type or paste that browsers would follow to another host or that
 * would run code. Neither renderer of an article body (the SPA's and the page server's) may link them.
 */
export const HOSTILE_LINKS: readonly string[] = [
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\\t/evil.example',
  '/%5Cevil.example',
  '/..//evil.example',
  '//evil.example',
  '/\u00a0/evil.example',
  'javascript:alert(document.cookie)',
  ' JavaScript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
];

/** Test data: links both renderers keep, each with the address they emit. */
export const KEPT_LINKS: readonly (readonly [string, string])[] = [
  ['/articles/autre-article', '/articles/autre-article'],
  ['/recherche?q=m%C3%A9tier#resultats', '/recherche?q=m%C3%A9tier#resultats'],
  ['https://www.example.org/guide', 'https://www.example.org/guide'],
  ['HTTPS://Example.org', 'https://example.org/'],
  ['mailto:redaction@example.org', 'mailto:redaction@example.org'],
];
