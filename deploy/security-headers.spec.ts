import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE_SECURITY_HEADERS } from '@kiosque/shared';
import { securityHeaders } from '../web/server/server';
import { uploadHeaders } from '../web/server/site';

/*
 * nginx's header snippets say in nginx's syntax what shared/src/security-headers.ts says for the page
 * server: each must say exactly the same, or the site would answer differently depending on who
 * answers. Read as text, so that this runs without nginx (deploy/nginx.spec.ts runs them).
 */

const read = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

/** The `add_header Name value always;` lines of a snippet, by name; a header set twice throws. */
function addedHeaders(conf: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of conf.split('\n')) {
    const text = line.replace(/#.*$/, '').trim();
    if (text === '') continue;
    const match = /^add_header\s+(\S+)\s+("(?:[^"\\]|\\.)*"|\S+)\s+always;$/.exec(text);
    if (!match) throw new Error(`Not an "add_header … always;" line: ${text}`);
    const [, name, raw] = match;
    if (name in headers) throw new Error(`${name} is set twice`);
    headers[name] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return headers;
}

describe('nginx’s security headers', () => {
  it('are the page server’s, word for word (deploy/security-headers.conf)', () => {
    expect(addedHeaders(read('security-headers.conf'))).toEqual(securityHeaders());
  });

  it('are, for /uploads, the page server’s when it proxies them (deploy/uploads-headers.conf)', () => {
    const { 'Content-Disposition': disposition, ...fixed } = addedHeaders(read('uploads-headers.conf'));
    const expected: Record<string, string> = { ...BASE_SECURITY_HEADERS, ...uploadHeaders('image/png') };
    delete expected['Content-Disposition'];
    expect(fixed).toEqual(expected);
    expect(disposition).toBe('$kiosque_upload_disposition');
  });

  it.each([
    'image/png',
    'image/jpeg',
    'IMAGE/WEBP',
    'image/avif; charset=binary',
    'image/gif',
    'image/svg+xml',
    'text/html; charset=utf-8',
    'application/javascript',
    'application/pdf',
    'image/pngx',
    '',
  ])('show %j inline exactly when the page server does (nginx.conf.template’s map)', (contentType) => {
    const map = /map \$upstream_http_content_type \$kiosque_upload_disposition \{([^}]*)\}/.exec(
      read('nginx.conf.template'),
    );
    const inline = /"~\*(.+)" inline;/.exec(map?.[1] ?? '');
    if (!map || !inline) throw new Error('deploy/nginx.conf.template no longer maps the upload disposition');
    expect(/default attachment;/.test(map[1])).toBe(true);
    const nginxSays = new RegExp(inline[1], 'i').test(contentType) ? 'inline' : 'attachment';

    expect(uploadHeaders(contentType)['Content-Disposition']).toBe(nginxSays);
  });
});
