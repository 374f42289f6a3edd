import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Runs the repository's own nginx configuration with Debian's nginx, as the nginx image runs it:
 * deploy/nginx.conf.template rendered with these addresses (what the image's envsubst does), the
 * snippets beside the main configuration, in a temporary folder. deploy/nginx.spec.ts and
 * deploy/topology/ use it.
 */

const DEPLOY = fileURLToPath(new URL('.', import.meta.url));

export const NGINX = [
  '/usr/sbin/nginx',
  ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'nginx')),
].find((candidate) => existsSync(candidate));

/** The variables the template holds, as the image's ENV and Compose give them. */
export interface NginxAddresses {
  KIOSQUE_LISTEN: string;
  KIOSQUE_INTERNAL_LISTEN: string;
  KIOSQUE_CMS_A: string;
  KIOSQUE_CMS_B: string;
  KIOSQUE_SITE: string;
  KIOSQUE_ROOT: string;
  KIOSQUE_ACCESS_LOG: string;
  ADMIN_HOST: string;
}

/** The names the image's NGINX_ENVSUBST_FILTER lets envsubst replace (deploy/web.Dockerfile). */
export const TEMPLATE_VARIABLE = /\$\{(KIOSQUE_[A-Z_]+|ADMIN_HOST)\}/g;

/** The template with its variables replaced, as envsubst does; a variable left unset throws. */
export function renderTemplate(addresses: NginxAddresses): string {
  const template = readFileSync(path.join(DEPLOY, 'nginx.conf.template'), 'utf8');
  return template.replace(TEMPLATE_VARIABLE, (_whole, name: string) => {
    const value = (addresses as unknown as Record<string, string | undefined>)[name];
    if (value === undefined) throw new Error(`deploy/nginx.conf.template uses \${${name}}, which is not set`);
    return value;
  });
}

export interface RunningNginx {
  /** The temporary folder: nginx.conf, conf.d/default.conf, snippets/, logs. */
  dir: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * Starts nginx on the rendered template. `addresses` without KIOSQUE_ROOT and KIOSQUE_ACCESS_LOG get
 * the folder's own `html/` and `access.log`; it resolves once /healthz answers on KIOSQUE_LISTEN.
 */
export async function startNginx(
  addresses: Omit<NginxAddresses, 'KIOSQUE_ROOT' | 'KIOSQUE_ACCESS_LOG'> & Partial<NginxAddresses>,
): Promise<RunningNginx> {
  if (NGINX === undefined) throw new Error('nginx is missing: apt-get install nginx-light');
  const dir = mkdtempSync(path.join(tmpdir(), 'kiosque-nginx-'));
  // nginx's workers run as an unprivileged user when the test runs as root: let them read.
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, 'snippets'));
  mkdirSync(path.join(dir, 'conf.d'));
  mkdirSync(path.join(dir, 'html'));
  for (const snippet of readdirSync(DEPLOY).filter((name) => name.endsWith('.conf'))) {
    copyFileSync(path.join(DEPLOY, snippet), path.join(dir, 'snippets', snippet));
  }
  writeFileSync(
    path.join(dir, 'conf.d', 'default.conf'),
    renderTemplate({
      KIOSQUE_ROOT: path.join(dir, 'html'),
      KIOSQUE_ACCESS_LOG: path.join(dir, 'access.log'),
      ...addresses,
    }),
  );
  // The main configuration the nginx image has around conf.d/default.conf, reduced to what runs here.
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'worker_processes 1;',
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (name) => `  ${name}_temp_path ${dir}/${name}_temp;`,
      ),
      `  include ${dir}/conf.d/default.conf;`,
      '}',
      '',
    ].join('\n'),
  );

  const child = spawn(
    NGINX,
    ['-p', `${dir}/`, '-c', `${dir}/nginx.conf`, '-e', `${dir}/error.log`, '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const errorLog = () => (existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8') : '');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const listening = addresses.KIOSQUE_LISTEN.includes(':')
    ? addresses.KIOSQUE_LISTEN
    : `127.0.0.1:${addresses.KIOSQUE_LISTEN}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const message = `nginx exited with code ${child.exitCode}: ${stderr}${errorLog()}`;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(message);
    }
    const answered = await fetch(`http://${listening}/healthz`).then(
      () => true,
      () => false,
    );
    if (answered) return { dir, process: child, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not answer: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
