/**
 * The reader site's security headers, written once. The page server (web/server) sends them itself;
 * nginx sends them from deploy/security-headers.conf and deploy/uploads-headers.conf, which
 * deploy/security-headers.spec.ts holds to these values.
 */

/** What every answer of the site carries, whatever it is. */
export const BASE_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
} as const;

/**
 * The site's Content-Security-Policy: its own scripts only (JSON-LD is data, never executed), images
 * and API calls on its origin or the API's (`apiOrigin`, when the SPA was built for another one), and
 * framed by `frameAncestors` only: no one, except draft previews, which the CMS's admin frames.
 */
export function siteCsp(apiOrigin?: string, frameAncestors = "'none'"): string {
  const api = apiOrigin ? ` ${apiOrigin}` : '';
  return `default-src 'self'; img-src 'self' data:${api}; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'${api}; frame-ancestors ${frameAncestors}; base-uri 'self'; form-action 'self'`;
}

/**
 * Every /uploads answer: an editor's upload (HTML, SVG, JavaScript…) must never run as a page of the
 * site, so nothing loads but images and styles, in a sandbox with no script.
 */
export const UPLOADS_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";
