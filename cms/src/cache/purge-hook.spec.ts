import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PurgeHook, type PurgeHookConfig } from './purge-hook';

/** A shared cache's endpoint: records what it is sent, answers each request with the next status given. */
interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
const received: Received[] = [];
let statuses: number[] = [];
let endpoint: Server;
let base = '';

beforeAll(async () => {
  endpoint = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
});

afterAll(async () => {
  endpoint.closeAllConnections();
  await new Promise((resolve) => endpoint.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  statuses = [];
});

function hookWith(config: Partial<PurgeHookConfig>) {
  const logged: string[] = [];
  const hook = new PurgeHook(
    {
      urls: [`${base}/purge`],
      mode: 'post',
      attempts: 3,
      repeatAfterMs: 0,
      gatherMs: 10,
      timeoutMs: 2000,
      ...config,
    },
    { log: (message) => logged.push(message), count: () => {} },
  );
  const run = async (...purges: { tags: string[]; paths: string[] }[]) => {
    for (const purge of purges) hook.schedule({ tags: new Set(purge.tags), paths: new Set(purge.paths) });
    await hook.settled();
  };
  return { hook, logged, run };
}

const ARTICLE = {
  tags: ['article:stage-a-dakar', 'category:emploi', 'home'],
  paths: ['/articles/stage-a-dakar', '/'],
};

describe('the purge hook', () => {
  it('posts the tags and paths of the writes of one moment as one purge (post)', async () => {
    const { run } = hookWith({});
    await run(
      ARTICLE,
      { tags: ['home'], paths: ['/'] },
      { tags: ['article:autre'], paths: ['/articles/autre'] },
    );
    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('POST');
    expect(received[0].url).toBe('/purge');
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0].body)).toEqual({
      tags: ['article:stage-a-dakar', 'category:emploi', 'home', 'article:autre'],
      paths: ['/articles/stage-a-dakar', '/', '/articles/autre'],
    });
  });

  it('sends a PURGE per path with the tags in Surrogate-Key and Cache-Tag (purge)', async () => {
    const { run } = hookWith({ mode: 'purge', urls: [`${base}/`] });
    await run(ARTICLE);
    expect(received.map((request) => `${request.method} ${request.url}`)).toEqual([
      'PURGE /articles/stage-a-dakar',
      'PURGE /',
    ]);
    expect(received[0].headers['surrogate-key']).toBe('article:stage-a-dakar category:emploi home');
    expect(received[0].headers['cache-tag']).toBe('article:stage-a-dakar,category:emploi,home');
  });

  it('refreshes each path once per encoding a shared cache keeps apart (refresh)', async () => {
    const { run } = hookWith({ mode: 'refresh', urls: [base] });
    await run(ARTICLE);
    expect(
      received
        .map((request) => `${request.method} ${request.url} ${String(request.headers['accept-encoding'])}`)
        .sort(),
    ).toEqual([
      'GET / br',
      'GET / gzip',
      'GET / identity',
      'GET /articles/stage-a-dakar br',
      'GET /articles/stage-a-dakar gzip',
      'GET /articles/stage-a-dakar identity',
    ]);
    expect(received.every((request) => request.headers['x-kiosque-purge'] === '1')).toBe(true);
  });

  it('retries a cache that errs or is overloaded, and counts it', async () => {
    statuses = [503, 429, 200];
    const { hook, logged, run } = hookWith({});
    await run(ARTICLE);
    expect(received).toHaveLength(3);
    expect(hook.counts).toEqual({ sent: 1, retried: 2, failed: 0 });
    expect(logged).toEqual([]);
  });

  it('gives up after its attempts, or at once on a refusal, and says so in the log', async () => {
    statuses = [500, 500, 500];
    const failing = hookWith({});
    await failing.run(ARTICLE);
    expect(received).toHaveLength(3);
    expect(failing.hook.counts).toEqual({ sent: 0, retried: 2, failed: 1 });
    expect(failing.logged).toEqual([expect.stringContaining('failed 3 times (answered 500)')]);

    received.length = 0;
    statuses = [403];
    const refused = hookWith({});
    await refused.run(ARTICLE);
    expect(received).toHaveLength(1);
    expect(refused.logged).toEqual([expect.stringContaining('answered 403; not retried')]);
  });

  it('keeps going when a cache does not answer at all', async () => {
    const { hook, logged, run } = hookWith({
      urls: ['http://127.0.0.1:9/purge', `${base}/purge`],
      attempts: 1,
    });
    await run(ARTICLE);
    expect(received).toHaveLength(1);
    expect(hook.counts).toEqual({ sent: 1, retried: 0, failed: 1 });
    expect(logged).toEqual([expect.stringContaining('POST http://127.0.0.1:9/purge failed 1 times')]);
  });

  it('sends the purge again after repeatAfterMs, and nothing without URLs', async () => {
    const { run } = hookWith({ repeatAfterMs: 50 });
    await run(ARTICLE);
    expect(received).toHaveLength(2);
    expect(received[1].body).toBe(received[0].body);

    received.length = 0;
    const off = hookWith({ urls: [] });
    expect(off.hook.enabled).toBe(false);
    await off.run(ARTICLE);
    expect(received).toEqual([]);
  });
});
