import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a build as an image does, printing how long it took. */
function build(what: string, args: string[], env: NodeJS.ProcessEnv): void {
  const started = Date.now();
  execFileSync('npm', args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(`[topology] ${what} built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Builds once for the stage what the images build: the CMS as deploy/cms.Dockerfile does (`strapi
 * build` in production mode: the server and the admin panel, which no other stage builds), and the
 * SPA with its page server as deploy/web.Dockerfile does (same origin: no VITE_API_URL).
 */
export default function buildLikeTheImages(): void {
  // The image's build-only placeholders, read from its Dockerfile: `strapi build` loads the
  // configuration, which in production requires every secret (the instances get real ones, stack.ts).
  const dockerfile = readFileSync(new URL('../cms.Dockerfile', import.meta.url), 'utf8');
  const placeholders = Object.fromEntries(
    [...dockerfile.matchAll(/\b([A-Z_]+)=(build-only)\b/g)].map(([, name, value]) => [name, value]),
  );
  build('the CMS and its admin', ['run', 'build', '-w', 'cms'], {
    NODE_ENV: 'production',
    STRAPI_TELEMETRY_DISABLED: 'true',
    ...placeholders,
  });
  build('the SPA and the page server', ['run', 'build', '-w', 'web'], {
    NODE_ENV: 'production',
    VITE_API_URL: '',
  });
}
