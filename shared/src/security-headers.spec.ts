import { describe, expect, it } from 'vitest';
import { UPLOADS_CSP, siteCsp } from './security-headers';

const directives = (csp: string): string[] => csp.split('; ');

describe('the site’s Content-Security-Policy', () => {
  it('runs the site’s own scripts only and lets no one frame it', () => {
    expect(directives(siteCsp())).toEqual([
      "default-src 'self'",
      "img-src 'self' data:",
      "style-src 'self' 'unsafe-inline'",
      "script-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ]);
  });

  it('adds the API’s origin to images and calls only, and frames a preview for the admin', () => {
    const csp = directives(siteCsp('https://cms.example.org', "'self' https://cms.example.org"));

    expect(csp).toContain("img-src 'self' data: https://cms.example.org");
    expect(csp).toContain("connect-src 'self' https://cms.example.org");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https://cms.example.org");
  });

  it('sandboxes uploads, with nothing but images and styles', () => {
    expect(directives(UPLOADS_CSP)).toEqual([
      "default-src 'none'",
      "img-src 'self' data:",
      "style-src 'unsafe-inline'",
      'sandbox',
    ]);
  });
});
