#!/usr/bin/env node
// `npm start`: the CMS (Strapi, SQLite, demo content) and the reader SPA (Vite) together, for a laptop.
// Prints both addresses once they answer, and stops both when either stops or on Ctrl+C.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cmsPort = Number(process.env.PORT ?? 1337);
const webPort = 5173;
const cmsUrl = `http://localhost:${cmsPort}`;
const webUrl = `http://localhost:${webPort}`;

// Strapi refuses to start without its uploads folder, which git cannot keep empty.
mkdirSync(new URL('../cms/public/uploads', import.meta.url), { recursive: true });

// One COUNT_SECRET per run, given to both, with no .env to write: the CMS accepts the view counts of a
// page server holding it. Vite's dev server counts none itself (its pages carry no `countsViews`), so
// the SPA's beacons count the views there, as behind a shared page cache.
const env = {
  ...process.env,
  STRAPI_TELEMETRY_DISABLED: 'true',
  BROWSER: 'none',
  COUNT_SECRET: process.env.COUNT_SECRET || randomBytes(32).toString('base64'),
};
const children = [
  { name: 'cms', args: ['run', 'develop', '-w', 'cms', '--', '--no-install-deps'] },
  { name: 'web', args: ['run', 'dev', '-w', 'web'] },
].map(({ name, args }) => {
  const child = spawn('npm', args, { cwd: root, env, stdio: 'inherit', detached: true });
  child.name = name;
  return child;
});

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  setTimeout(() => process.exit(code), 1500).unref();
}
for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping)
      console.error(`\n[kiosque] ${child.name} stopped (exit ${code ?? 'signal'}); stopping the rest.`);
    stop(code ?? 1);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

const started = Date.now();
while (!stopping) {
  if ((await answers(`${cmsUrl}/_health`)) && (await answers(webUrl))) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      [
        '',
        `[kiosque] Ready in ${seconds} s`,
        `[kiosque]   Reader site   ${webUrl}`,
        `[kiosque]   CMS admin     ${cmsUrl}/admin   (create the first administrator there on first run)`,
        `[kiosque]   REST API      ${cmsUrl}/api/articles`,
        '[kiosque] Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
