import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadEnv, type Plugin } from 'vite';
import type { RenderPage } from '@kiosque/shared';
import { renderDocument, shellDocument } from './document.js';
import { createPageRenderer } from './render.js';
import { FEEDS, normalizeSiteUrl, proxyToCms, robotsTxt, uploadHeaders } from './site.js';

/**
 * `npm start`'s Vite dev server answers pages as the production server does: each page rendered by
 * the same entry (src/entry-server.ts, loaded through Vite so that edits show at once), the feeds,
 * robots.txt and /uploads (og:image) from the CMS.
 */
export function kiosquePageHeads(): Plugin {
  // The CMS the SPA talks to (VITE_API_URL), and the address the dev site is reached at (SITE_URL, as
  // the CMS reads it).
  let cmsUrl = 'http://localhost:1337';
  let siteUrl = 'http://localhost:5173';
  return {
    name: 'kiosque-page-heads',
    apply: 'serve',
    configResolved(config) {
      const env = { ...loadEnv(config.mode, config.envDir || config.root, ''), ...process.env };
      if (env.VITE_API_URL) cmsUrl = env.VITE_API_URL.replace(/\/+$/, '');
      siteUrl = normalizeSiteUrl(env.SITE_URL || `http://localhost:${config.server.port ?? 5173}`);
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const pathname = new URL(request.url ?? '/', 'http://dev.invalid').pathname;
        if (FEEDS[pathname]) return proxyToCms(request, response, cmsUrl, FEEDS[pathname]);
        if (pathname.startsWith('/uploads/')) {
          return proxyToCms(request, response, cmsUrl, request.url ?? '/', {
            answerHeaders: (answer) => uploadHeaders(answer.headers['content-type']),
          });
        }
        if (pathname === '/robots.txt') {
          response.setHeader('Content-Type', 'text/plain; charset=utf-8');
          response.end(robotsTxt(siteUrl));
          return;
        }
        next();
      });
      // After Vite's own middlewares (modules, files, SPA fallback), before it serves index.html.
      return () => {
        server.middlewares.use((request, response, next) => {
          const accept = String(request.headers.accept ?? '');
          if (request.method !== 'GET' || !accept.includes('text/html')) return next();
          // Vite's SPA fallback has already turned the page's address into /index.html.
          const url = request.originalUrl ?? request.url ?? '/';
          const pathname = new URL(url, 'http://dev.invalid').pathname;
          if (!['', '.html'].includes(path.extname(pathname))) return next();
          void (async () => {
            const raw = await readFile(path.join(server.config.root, 'index.html'), 'utf8');
            const template = await server.transformIndexHtml(url, raw, request.originalUrl);
            const render: RenderPage = async (pageUrl, context) => {
              const entry = (await server.ssrLoadModule('/src/entry-server.ts')) as { render: RenderPage };
              return entry.render(pageUrl, context);
            };
            const outcome = pathname.startsWith('/apercu/')
              ? ({ kind: 'shell', status: 200, reason: '' } as const)
              : await createPageRenderer({ entry: render, context: { siteUrl, cmsUrl }, timeoutMs: 10_000 })(
                  url,
                );
            response.setHeader('Content-Type', 'text/html; charset=utf-8');
            response.setHeader('Cache-Control', 'no-store');
            if (outcome.kind === 'shell') {
              if (outcome.reason)
                server.config.logger.warn(`[kiosque] ${pathname}: SPA shell, ${outcome.reason}`);
              response.statusCode = outcome.status;
              response.end(shellDocument(template, { noindex: true }));
              return;
            }
            response.statusCode = outcome.page.status;
            response.end(renderDocument(template, outcome.page));
          })().catch(next);
        });
      };
    },
  };
}
