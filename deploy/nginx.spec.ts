import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOADS_CSP } from '@kiosque/shared';
import { securityHeaders } from '../web/server/server';

/*
 * The repository's own deploy/nginx.conf and its snippets, run by Debian's nginx. Only addresses
 * change: the upstreams `cms:1337` and `site:3000` become two small servers of this test that echo
 * the headers they receive, the port a free one, the snippets and the root a temporary folder.
 */

const DEPLOY = fileURLToPath(new URL('.', import.meta.url));
const NGINX = [
  '/usr/sbin/nginx',
  ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'nginx')),
].find((candidate) => existsSync(candidate));
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

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** deploy/nginx.conf with its addresses replaced; each must be found, or the test would test less. */
function templated(conf: string, replacements: [string, string][]): string {
  return replacements.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`deploy/nginx.conf no longer holds ${from}: update this test`);
    return text.replaceAll(from, to);
  }, conf);
}

function startNginx(nginx: string, dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    nginx,
    ['-p', `${dir}/`, '-c', `${dir}/nginx.conf`, '-e', `${dir}/error.log`, '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const poll = () => {
      if (child.exitCode !== null) {
        const log = existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8') : '';
        reject(new Error(`nginx exited with code ${child.exitCode}: ${stderr}${log}`));
        return;
      }
      fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => resolve(child),
        () =>
          Date.now() > deadline ? reject(new Error(`nginx did not answer: ${stderr}`)) : setTimeout(poll, 50),
      );
    };
    poll();
  });
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
  const nginx = NGINX;
  describe('deploy/nginx.conf, run by nginx', () => {
    let dir: string;
    let cms: Upstream;
    let site: Upstream;
    let server: ChildProcess;
    let base: string;

    beforeAll(async () => {
      // Answers as the CMS might: with its own versions of the headers nginx must replace.
      cms = await upstream((url) => ({
        'Content-Type': TYPES[path.extname(url)] ?? 'application/json',
        ...(url.startsWith('/uploads/')
          ? { 'Content-Disposition': 'inline', 'Content-Security-Policy': "default-src 'self'" }
          : {}),
      }));
      // Answers as web/server does: its own security headers, which nginx must pass on untouched.
      site = await upstream(() => ({ 'Content-Type': 'text/html; charset=utf-8', ...securityHeaders() }));
      const port = await freePort();

      dir = mkdtempSync(path.join(tmpdir(), 'kiosque-nginx-'));
      // nginx's workers run as an unprivileged user when the test runs as root: let them read.
      chmodSync(dir, 0o755);
      mkdirSync(path.join(dir, 'snippets'));
      mkdirSync(path.join(dir, 'html', 'assets'), { recursive: true });
      for (const snippet of ['security-headers.conf', 'uploads-headers.conf']) {
        copyFileSync(path.join(DEPLOY, snippet), path.join(dir, 'snippets', snippet));
      }
      writeFileSync(path.join(dir, 'html', 'assets', 'app-1.js'), 'console.log(1);\n');
      writeFileSync(
        path.join(dir, 'site.conf'),
        templated(readFileSync(path.join(DEPLOY, 'nginx.conf'), 'utf8'), [
          ['listen 8080;', `listen 127.0.0.1:${port};`],
          ['http://cms:1337', `http://127.0.0.1:${cms.port}`],
          ['http://site:3000', `http://127.0.0.1:${site.port}`],
          ['/etc/nginx/snippets/', `${dir}/snippets/`],
          ['root /usr/share/nginx/html;', `root ${dir}/html;`],
          ['/var/log/nginx/access.log', `${dir}/access.log`],
        ]),
      );
      // The main configuration the nginx image has around conf.d/default.conf, reduced to what the
      // test needs.
      writeFileSync(
        path.join(dir, 'nginx.conf'),
        [
          `pid ${dir}/nginx.pid;`,
          `error_log ${dir}/error.log warn;`,
          'worker_processes 1;',
          'events { worker_connections 64; }',
          'http {',
          '  access_log off;',
          ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
            (name) => `  ${name}_temp_path ${dir}/${name}_temp;`,
          ),
          `  include ${dir}/site.conf;`,
          '}',
          '',
        ].join('\n'),
      );
      server = await startNginx(nginx, dir, port);
      base = `http://127.0.0.1:${port}`;
    }, 20_000);

    afterAll(async () => {
      if (server?.exitCode === null) {
        server.kill('SIGTERM');
        await once(server, 'exit');
      }
      await Promise.all([cms, site].map((up) => up && new Promise((resolve) => up.server.close(resolve))));
      if (dir) rmSync(dir, { recursive: true, force: true });
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
  });
}
