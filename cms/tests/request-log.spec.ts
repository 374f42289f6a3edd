import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCms, type RunningCms } from './helpers/strapi';

type LogLine = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let cms: RunningCms;
let written: string[] = [];

beforeAll(async () => {
  // At `http`, the level production runs at, each request is a line.
  cms = await startCms({ LOG_LEVEL: 'http' });
});

afterAll(async () => {
  await cms?.stop();
});

beforeEach(() => {
  written = [];
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    written.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The request lines written since the test began: each a whole line, each one JSON object. */
function requestLines(): LogLine[] {
  return written
    .join('')
    .split('\n')
    .filter((line) => line.includes('"msg":"request"'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('the request log', () => {
  it('writes one JSON line per request with its fields, and echoes the id it names', async () => {
    const response = await cms.http().get('/api/articles').expect(200);
    const lines = requestLines();
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(Object.keys(line).sort()).toEqual(
      ['durationMs', 'level', 'method', 'msg', 'path', 'requestId', 'status', 'time'].sort(),
    );
    expect(line).toMatchObject({
      level: 'http',
      msg: 'request',
      method: 'GET',
      path: '/api/articles',
      status: 200,
    });
    expect(typeof line.durationMs).toBe('number');
    expect(new Date(String(line.time)).toISOString()).toBe(line.time);
    expect(line.requestId).toMatch(UUID);
    expect(response.headers['x-request-id']).toBe(line.requestId);
  });

  it('logs answers of the response cache too, each with its own id', async () => {
    await cms.http().get('/api/community-groups').expect(200);
    const again = await cms
      .http()
      .get('/api/community-groups')
      .set('X-Request-Id', 'second-read-1')
      .expect(200);
    // The second answer came from memory: the id is this request's, not the one the cache kept.
    expect(again.headers['x-request-id']).toBe('second-read-1');
    const lines = requestLines();
    expect(lines.map((line) => line.path)).toEqual(['/api/community-groups', '/api/community-groups']);
    expect(lines[1].requestId).toBe('second-read-1');
    expect(lines[0].requestId).not.toBe(lines[1].requestId);
  });

  it('keeps the id nginx or the page server sent when it is a sane token', async () => {
    const response = await cms.http().get('/_health').set('X-Request-Id', 'nginx-0123456789abcdef');
    expect(response.headers['x-request-id']).toBe('nginx-0123456789abcdef');
    expect(requestLines()).toMatchObject([
      { path: '/_health', status: 204, requestId: 'nginx-0123456789abcdef' },
    ]);
  });

  it.each([
    ['too short', 'abc'],
    ['a forged log field', 'abcdefgh","level":"error'],
    ['markup', '<script>alert(1)</script>'],
    ['too long', 'a'.repeat(200)],
  ])('replaces an id that is %s', async (_case, hostile) => {
    const response = await cms.http().get('/api/articles').set('X-Request-Id', hostile);
    expect(response.headers['x-request-id']).toMatch(UUID);
    const [line] = requestLines();
    expect(line.requestId).toBe(response.headers['x-request-id']);
    expect(written.join('')).not.toContain(hostile);
  });

  it('never logs the query string, where tokens travel', async () => {
    await cms.http().get('/api/articles?preview=secret-token-1234&filters[slug][$eq]=x');
    await cms.http().get('/api/previews/articles/abc?token=secret-token-5678');
    expect(requestLines().map((line) => line.path)).toEqual(['/api/articles', '/api/previews/articles/abc']);
    expect(written.join('')).not.toContain('secret-token');
  });

  it('never logs the token of a mail link, which travels in the path', async () => {
    const token = 'approve.jeton-secret-du-lien.1900000000.nonce.signature';
    await cms.http().get(`/api/mail/moderation/${token}`);
    await cms.http().post(`/api/mail/unsubscribe/${token}`);
    expect(requestLines().map((line) => line.path)).toEqual([
      '/api/mail/moderation/[jeton]',
      '/api/mail/unsubscribe/[jeton]',
    ]);
    expect(written.join('')).not.toContain('jeton-secret');
  });

  it('logs refused and failed requests with their status', async () => {
    await cms.http().get('/api/no-such-thing').expect(404);
    await cms.http().post('/api/comments').send({ data: {} }).expect(400);
    expect(requestLines()).toMatchObject([
      { method: 'GET', path: '/api/no-such-thing', status: 404, level: 'http' },
      { method: 'POST', path: '/api/comments', status: 400, level: 'http' },
    ]);
  });
});
