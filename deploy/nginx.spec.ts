import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOADS_CSP } from '@kiosque/shared';
import { securityHeaders } from '../web/server/server';
import { send } from './topology/http';
import { freePort } from '../cms/tests/helpers/free-port';
import { NGINX, startNginx, TEMPLATE_VARIABLE, type RunningNginx } from './nginx-harness';

/*
 * The repository's own deploy/nginx.conf.template and its snippets, run by Debian's nginx
 * (deploy/nginx-harness.ts). Only addresses change: both CMS upstreams and the page server become
 * small servers of this test that echo the headers they receive, the port a free one, the root a
 * temporary folder. deploy/topology/ runs it in front of the real CMS and page server.
 */

const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

const SITE_CSP = securityHeaders()['Content-Security-Policy'];
const SPOOFED = '198.51.100.7';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.js': 'text/javascript',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
};

interface Upstream {
  server: Server;
  port: number;
  seen: { url: string; headers: IncomingHttpHeaders }[];
}

/** A stand-in for the CMS or the page server: records each request, answers with `headers`. */
async function upstream(headersFor: (url: string) => Record<string, string>): Promise<Upstream> {
  const seen: Upstream['seen'] = [];
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    seen.push({ url, headers: request.headers });
    response.writeHead(url.includes('absent') ? 404 : 200, headersFor(url));
    response.end(JSON.stringify(request.headers));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, seen };
}

if (NGINX === undefined && IN_CI) {
  describe('deploy/nginx.conf', () => {
    it('is run by a real nginx', () => {
      throw new Error('nginx is missing: .ci/run installs Debian’s nginx-light');
    });
  });
} else if (NGINX === undefined) {
  console.warn(
    '[deploy] nginx is not installed (apt-get install -y nginx-light): deploy/nginx.conf is not run',
  );
  describe.skip('deploy/nginx.conf (no nginx on this machine)', () => {
    it('is run by a real nginx', () => undefined);
  });
} else {
  describe('deploy/nginx.conf, run by nginx', () => {
    let dir: string;
    let cms: Upstream;
    let site: Upstream;
    let server: RunningNginx;
    let base: string;

    beforeAll(async () => {
      // Answers as the CMS might: with its own versions of the headers nginx must replace.
      cms = await upstream((url) => ({
        'Content-Type': TYPES[path.extname(url)] ?? 'application/json',
        // Strapi's security middleware sends these on every answer.
        'Content-Security-Policy': "default-src 'self'",
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
        ...(url.startsWith('/uploads/')
          ? { 'Content-Disposition': 'inline', 'Content-Security-Policy': "default-src 'self'" }
          : {}),
      }));
      // Answers as web/server does: its own security headers, which nginx must pass on untouched.
      site = await upstream(() => ({ 'Content-Type': 'text/html; charset=utf-8', ...securityHeaders() }));
      const port = await freePort();
      server = await startNginx({
        KIOSQUE_LISTEN: `127.0.0.1:${port}`,
        KIOSQUE_INTERNAL_LISTEN: `127.0.0.1:${await freePort()}`,
        KIOSQUE_CMS_A: `127.0.0.1:${cms.port}`,
        KIOSQUE_CMS_B: `127.0.0.1:${cms.port}`,
        KIOSQUE_SITE: `127.0.0.1:${site.port}`,
        ADMIN_HOST: 'admin.kiosque.test',
      });
      dir = server.dir;
      mkdirSync(path.join(dir, 'html', 'assets'));
      writeFileSync(path.join(dir, 'html', 'assets', 'app-1.js'), 'console.log(1);\n');
      base = `http://127.0.0.1:${port}`;
    }, 20_000);

    afterAll(async () => {
      await server?.stop();
      await Promise.all([cms, site].map((up) => up && new Promise((resolve) => up.server.close(resolve))));
    });

    const spoofing = { 'X-Forwarded-For': SPOOFED, 'X-Real-IP': SPOOFED };

    it.each(['/api/articles', '/uploads/x.png'])(
      'sends the CMS the address it saw for %s, not the one the client claims',
      async (address) => {
        cms.seen.length = 0;
        await fetch(`${base}${address}`, { headers: spoofing });
        expect(cms.seen).toHaveLength(1);
        expect(cms.seen[0].headers['x-forwarded-for']).toBe('127.0.0.1');
        expect(cms.seen[0].headers['x-real-ip']).toBe('127.0.0.1');
      },
    );

    it('sends a pool’s address to the CMS’s redirect as the reader’s browser wrote it', async () => {
      cms.seen.length = 0;
      await fetch(`${base}/rejoindre/emploi-dakar?source=affiche`, { headers: spoofing, redirect: 'manual' });
      expect(cms.seen.map((seen) => seen.url)).toEqual(['/api/rejoindre/emploi-dakar?source=affiche']);
      expect(cms.seen[0].headers['x-forwarded-for']).toBe('127.0.0.1');
    });

    it('sends the page server the address it saw, not the one the client claims', async () => {
      site.seen.length = 0;
      await fetch(`${base}/articles/bonjour`, { headers: spoofing });
      expect(site.seen).toHaveLength(1);
      expect(site.seen[0].headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(site.seen[0].headers['x-real-ip']).toBe('127.0.0.1');
    });

    it.each(['/uploads/x.html', '/uploads/x.svg', '/uploads/x.js', '/uploads/x.pdf', '/uploads/absent.html'])(
      'answers %s as a sandboxed download, never as a page of the site',
      async (address) => {
        const response = await fetch(`${base}${address}`);
        // Header values read once each: a header sent twice would read "a, b".
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-security-policy')).toBe(UPLOADS_CSP);
        expect(response.headers.get('content-disposition')).toBe('attachment');
        expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
        expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      },
    );

    it.each(['/uploads/x.png', '/uploads/x.jpg', '/uploads/x.webp', '/uploads/x.avif', '/uploads/x.gif'])(
      'shows the raster image %s inline, still sandboxed and never sniffed',
      async (address) => {
        const response = await fetch(`${base}${address}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-disposition')).toBe('inline');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-security-policy')).toBe(UPLOADS_CSP);
        expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      },
    );

    it.each(['/api/articles', '/healthz', '/assets/app-1.js'])(
      'gives what it answers itself or from the CMS (%s) the site’s security headers',
      async (address) => {
        const response = await fetch(`${base}${address}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
        expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
        expect(response.headers.get('content-security-policy')).toBe(SITE_CSP);
      },
    );

    it.each(['/api/articles', '/uploads/x.png', '/articles/bonjour'])(
      'keeps a sane X-Request-Id for %s, sends it upstream and echoes it once',
      async (address) => {
        cms.seen.length = 0;
        site.seen.length = 0;
        const response = await fetch(`${base}${address}`, { headers: { 'X-Request-Id': 'reader-req-0001' } });
        const [seen] = [...cms.seen, ...site.seen];
        expect(seen.headers['x-request-id']).toBe('reader-req-0001');
        expect(response.headers.get('x-request-id')).toBe('reader-req-0001');
      },
    );

    it.each([
      ['none', undefined],
      ['a hostile one', 'x", "level": "error'],
    ])('makes an id when the client sends %s', async (_case, id) => {
      cms.seen.length = 0;
      const response = await fetch(`${base}/api/articles`, { headers: id ? { 'X-Request-Id': id } : {} });
      const made = response.headers.get('x-request-id');
      expect(made).toMatch(/^[0-9a-f]{32}$/);
      expect(cms.seen[0].headers['x-request-id']).toBe(made);
    });

    it('answers what it serves itself with an id too', async () => {
      for (const address of ['/healthz', '/assets/app-1.js']) {
        const response = await fetch(`${base}${address}`, { headers: { 'X-Request-Id': 'probe-0000001' } });
        expect(response.headers.get('x-request-id'), address).toBe('probe-0000001');
      }
    });

    it('logs one JSON line per request, its path without the query string', async () => {
      await fetch(`${base}/api/articles?token=secret-token-value`, {
        headers: { 'X-Request-Id': 'logged-00001' },
      });
      // nginx writes the line once the answer is sent: give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const lines = readFileSync(path.join(dir, 'access.log'), 'utf8').trim().split('\n');
      const line = lines.map((text) => JSON.parse(text)).find((entry) => entry.requestId === 'logged-00001');
      expect(line).toMatchObject({ msg: 'request', method: 'GET', path: '/api/articles', status: 200 });
      expect(typeof line.durationS).toBe('number');
      expect(lines.join('\n')).not.toContain('secret-token-value');
    });

    it('passes the page server’s own security headers on, once each', async () => {
      const response = await fetch(`${base}/`);
      for (const [name, value] of Object.entries(securityHeaders())) {
        expect(response.headers.get(name), name).toBe(value);
      }
    });

    it('serves the admin on ADMIN_HOST only, never framed and never cached', async () => {
      const admin = { Host: 'admin.kiosque.test' };
      for (const address of ['/admin', '/admin/login', '/content-manager/init', '/upload/files']) {
        cms.seen.length = 0;
        const response = await send(`${base}${address}`, { headers: admin });
        expect(
          cms.seen.map((seen) => seen.url),
          address,
        ).toEqual([address]);
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['cache-control']).toBe('no-store');
        expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      }
      // Nothing else there: not the API, not the pages.
      for (const address of ['/api/articles', '/articles/bonjour', '/administrateur']) {
        expect((await send(`${base}${address}`, { headers: admin })).status, address).toBe(404);
      }
      // And no admin on the readers' host: /admin there is a page of the site (web/server's 404).
      site.seen.length = 0;
      await fetch(`${base}/admin`);
      expect(site.seen.map((seen) => seen.url)).toEqual(['/admin']);
    });

    it('lets one address try the admin’s sign-in 21 times at once, then answers 429 as Strapi would, whatever the e-mail', async () => {
      const attempt = (from: string, n: number) =>
        send(`${base}/admin/login`, {
          method: 'POST',
          from,
          headers: { Host: 'admin.kiosque.test', ...spoofing },
          body: { email: `essai-${n}@example.org`, password: 'pas-le-bon' },
        });
      cms.seen.length = 0;
      const answers = [];
      for (let n = 0; n < 30; n += 1) answers.push(await attempt('127.0.0.9', n));
      // The burst (20) plus the one request the rate allows at once; the rest never reach the CMS.
      expect(answers.map((answer) => answer.status)).toEqual([...Array(21).fill(200), ...Array(9).fill(429)]);
      expect(cms.seen).toHaveLength(21);
      const refused = answers[29];
      expect(refused.json()).toEqual({
        data: null,
        error: {
          status: 429,
          name: 'RateLimitError',
          message: 'Trop de tentatives de connexion depuis cette adresse : réessayez dans une minute.',
          details: {},
        },
      });
      expect(refused.headers['content-type']).toBe('application/json');
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.headers['x-frame-options']).toBe('DENY');
      expect(refused.headers['cache-control']).toBe('no-store');
      // Counted on the address nginx saw, not the one the client claims: another address is let in,
      // and the rest of the admin is not limited.
      expect((await attempt('127.0.0.10', 99)).status).toBe(200);
      const admin = await send(`${base}/admin/init`, {
        from: '127.0.0.9',
        headers: { Host: 'admin.kiosque.test' },
      });
      expect(admin.status).toBe(200);
    });
  });
}

describe('deploy/nginx.conf.template’s variables', () => {
  it('are all set by the nginx image (deploy/web.Dockerfile), but ADMIN_HOST, which Compose sets', () => {
    const template = readFileSync(new URL('nginx.conf.template', import.meta.url), 'utf8');
    const used = new Set([...template.matchAll(TEMPLATE_VARIABLE)].map((match) => match[1]));
    const dockerfile = readFileSync(new URL('web.Dockerfile', import.meta.url), 'utf8');
    const set = new Set([...dockerfile.matchAll(/\b(KIOSQUE_[A-Z_]+)=/g)].map((match) => match[1]));
    expect([...used].sort()).toEqual([...set, 'ADMIN_HOST'].sort());
    expect(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')).toMatch(
      /ADMIN_HOST: \$\{ADMIN_HOST/,
    );
  });
});

if (NGINX !== undefined) {
  describe('deploy/nginx.conf.template with one CMS instance failing', () => {
    let failing: Upstream;
    let healthy: Upstream;
    let server: RunningNginx;
    let base: string;

    beforeAll(async () => {
      failing = await upstream(() => ({ 'Content-Type': 'application/json' }));
      failing.server.removeAllListeners('request');
      failing.server.on('request', (request, response) => {
        failing.seen.push({ url: request.url ?? '/', headers: request.headers });
        response.writeHead(502).end();
      });
      healthy = await upstream(() => ({ 'Content-Type': 'application/json' }));
      const port = await freePort();
      server = await startNginx({
        KIOSQUE_LISTEN: `127.0.0.1:${port}`,
        KIOSQUE_INTERNAL_LISTEN: `127.0.0.1:${await freePort()}`,
        KIOSQUE_CMS_A: `127.0.0.1:${failing.port}`,
        KIOSQUE_CMS_B: `127.0.0.1:${healthy.port}`,
        KIOSQUE_SITE: `127.0.0.1:${healthy.port}`,
        ADMIN_HOST: 'admin.kiosque.test',
      });
      base = `http://127.0.0.1:${port}`;
    }, 20_000);

    afterAll(async () => {
      await server?.stop();
      await Promise.all(
        [failing, healthy].map((up) => up && new Promise((resolve) => up.server.close(resolve))),
      );
    });

    it('never sends a comment post twice: one that got 502 fails to the client', async () => {
      const statuses: number[] = [];
      failing.seen.length = 0;
      healthy.seen.length = 0;
      for (let n = 0; n < 4; n += 1) {
        statuses.push((await fetch(`${base}/api/comments`, { method: 'POST', body: '{}' })).status);
      }
      // Round robin: some went to the failing instance, and each of those reached one instance only.
      expect(statuses).toContain(502);
      expect(failing.seen.length + healthy.seen.filter((seen) => seen.url === '/api/comments').length).toBe(
        4,
      );
    });

    it('moves a read that gets 502 to the other instance (which then gets them all for a while)', async () => {
      for (let n = 0; n < 4; n += 1) expect((await fetch(`${base}/api/articles`)).status).toBe(200);
    });
  });
}
