import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cmsDir = fileURLToPath(new URL('..', import.meta.url));
const PORT = 1341;
const databaseFile = path.join(tmpdir(), `kiosque-shutdown-${process.pid}.db`);

let cms: ChildProcess | undefined;

async function startCmsProcess(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-e', "require('@strapi/strapi').createStrapi({ appDir: process.cwd(), distDir: 'dist' }).start()"],
    {
      cwd: cmsDir,
      env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_FILENAME: databaseFile },
      stdio: 'ignore',
    },
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The CMS exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/_health`)).status === 204) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('The CMS did not start');
}

afterAll(() => {
  cms?.kill('SIGKILL');
  for (const suffix of ['', '-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });
});

describe('shutting down on SIGTERM', () => {
  it('finishes the request under way, refuses new connections, and exits cleanly', async () => {
    cms = await startCmsProcess();
    const articles = (await (await fetch(`http://127.0.0.1:${PORT}/api/articles`)).json()) as {
      data: { documentId: string }[];
    };
    const body = JSON.stringify({
      data: {
        article: articles.data[0].documentId,
        authorName: 'Lectrice patiente',
        authorEmail: 'patiente@example.org',
        content: 'Envoyé pendant l’arrêt du serveur',
      },
    });

    // A reader's request is half sent when the operator stops the CMS.
    const socket = net.connect(PORT, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.write(
      `POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    socket.write(body.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const exited = once(cms, 'exit');
    cms.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));

    await expect(fetch(`http://127.0.0.1:${PORT}/_health`)).rejects.toThrow();

    socket.end(body.slice(20));
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1\.1 201/);
    expect(answer).toContain('en attente de modération');

    const [code] = await exited;
    expect(code).toBe(0);
  });
});
