import type { Core } from '@strapi/strapi';

type Context = Parameters<Core.MiddlewareHandler>[0];
type Next = Parameters<Core.MiddlewareHandler>[1];

/** The only files a browser may show in place: raster images, which cannot run anything. */
const INLINE_EXTENSIONS = /\.(png|jpe?g|webp|avif|gif)$/i;

/**
 * Headers of every file served from /uploads. Only images can be uploaded (config/plugins.ts), but a
 * file put there by hand or by an older version must not run either: `nosniff` stops a browser from
 * taking an image for a script or a page, the sandboxing CSP keeps any document from running script
 * or reaching the site's origin, and anything but a raster image is a download, never a page.
 * nginx and the page server set the same headers on the paths they serve (deploy/, web/server).
 */
export const UPLOAD_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
} as const;

export default () =>
  async function uploadHeaders(ctx: Context, next: Next): Promise<void> {
    if (!ctx.path.startsWith('/uploads/')) return next();
    await next();
    ctx.set(UPLOAD_HEADERS);
    if (!INLINE_EXTENSIONS.test(ctx.path)) ctx.set('Content-Disposition', 'attachment');
  };
