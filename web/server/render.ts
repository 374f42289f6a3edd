import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { RenderContext, RenderedPage, RenderPage } from '@kiosque/shared';

/** How a page render ended: rendered, or why the page server answers the SPA shell instead. */
export type RenderOutcome =
  { kind: 'rendered'; page: RenderedPage } | { kind: 'shell'; status: number; reason: string };

export interface PageRendererOptions {
  /** The SSR build's entry (`web/build/ssr/entry-server.js`), or a render function (tests, dev). */
  entry: string | RenderPage;
  context: RenderContext;
  /** How long a render (its CMS requests included) may take before the shell is answered. */
  timeoutMs?: number;
}

/**
 * The page server's one renderer: the SPA's own components rendered by Vue on the server
 * (web/src/entry-server.ts). Never a blank or broken page: a render that throws, takes longer than
 * `timeoutMs`, or whose data the CMS did not give, ends as `shell` with the status to answer
 * (503, the SPA then loads and asks by itself) and the reason to log.
 */
export function createPageRenderer(
  options: PageRendererOptions,
): (url: string, requestId?: string) => Promise<RenderOutcome> {
  const timeoutMs = options.timeoutMs ?? 2500;
  let loaded: Promise<RenderPage> | undefined;

  function renderer(): Promise<RenderPage> {
    const { entry } = options;
    if (typeof entry === 'function') return Promise.resolve(entry);
    loaded ??= existsSync(entry)
      ? import(pathToFileURL(entry).href).then((module: { render: RenderPage }) => module.render)
      : Promise.reject(new Error(`no SSR build at ${entry} (npm run build -w web)`));
    return loaded;
  }

  return async (url, requestId) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no render within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const render = await Promise.race([renderer(), timeout]);
      const page = await Promise.race([render(url, { ...options.context, requestId }), timeout]);
      if (page.unavailable) return { kind: 'shell', status: 503, reason: page.unavailable };
      return { kind: 'rendered', page };
    } catch (error) {
      return { kind: 'shell', status: 503, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  };
}
