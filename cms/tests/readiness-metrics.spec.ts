import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { responseCacheOf } from '../src/cache/response-cache';
import { postComment } from './helpers/comments';
import { createArticle, createGroup } from './helpers/content';
import { freePort } from './helpers/free-port';
import { startCms, type RunningCms } from './helpers/strapi';

const BROWSER =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let cms: RunningCms;
let metricsUrl: string;

beforeAll(async () => {
  const port = await freePort();
  // A small response cache, so that a few addresses make it push answers out.
  cms = await startCms({ METRICS_PORT: String(port), RESPONSE_CACHE_MAX_ENTRIES: '3' });
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
});

afterAll(async () => {
  await cms?.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function scrape(): Promise<string> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one sample, e.g. `kiosque_join_clicks_total` or `x_total{status="400",…}`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return 0;
}

describe('readiness', () => {
  it('answers /_ready with 200 when the database answers, beside the liveness of /_health', async () => {
    const ready = await cms.http().get('/_ready').expect(200);
    expect(ready.body).toEqual({ status: 'ready' });
    expect(ready.headers['cache-control']).toBe('no-store');
    await cms.http().get('/_health').expect(204);
  });

  it('answers 503 naming only the kind of failure when the database refuses the query, the driver’s message going to the log', async () => {
    vi.spyOn(cms.strapi.db.connection, 'raw').mockImplementation((() =>
      Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432'))) as never);
    const warned = vi.spyOn(cms.strapi.log, 'warn');
    const response = await cms.http().get('/_ready').expect(503);
    expect(response.body).toEqual({ status: 'unavailable', reason: 'database_refused' });
    expect(response.text).not.toContain('10.1.2.3');
    expect(warned.mock.calls.flat().join(' ')).toContain('ECONNREFUSED 10.1.2.3:5432');
    // Liveness does not depend on the database: the orchestrator must not restart a CMS for it.
    await cms.http().get('/_health').expect(204);
  });

  it('answers 503 within about two seconds when the database does not answer', async () => {
    vi.spyOn(cms.strapi.db.connection, 'raw').mockImplementation((() => new Promise(() => {})) as never);
    const started = Date.now();
    const response = await cms.http().get('/_ready').expect(503);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(response.body).toEqual({ status: 'unavailable', reason: 'database_timeout' });
  });
});

describe('the request log at LOG_LEVEL=warn (this suite’s level)', () => {
  it('writes no request line for an answered request', async () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write);
    const response = await cms.http().get('/api/articles').expect(200);
    expect(response.headers['x-request-id']).toBeDefined();
    expect(written.join('')).not.toContain('"msg":"request"');
  });
});

describe('metrics', () => {
  it('are served on their own port, never on the public one', async () => {
    const text = await scrape();
    for (const name of [
      'kiosque_cms_request_duration_seconds',
      'kiosque_response_cache_requests_total',
      'kiosque_response_cache_entries',
      'kiosque_response_cache_bytes',
      'kiosque_response_cache_generation',
      'kiosque_response_cache_evictions_total',
      'kiosque_comment_submissions_total',
      'kiosque_comments_pending',
      'kiosque_join_clicks_total',
      'process_cpu_seconds_total',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    const response = await cms.http().get('/metrics');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('kiosque_');
  });

  it('time requests by route pattern and status class, never by raw path', async () => {
    const article = await createArticle(cms.strapi);
    const before = await scrape();
    const labels = { route: '/api/pages/article/:slug', method: 'GET', status_class: '2xx' };
    await cms.http().get(`/api/pages/article/${article.slug}`).expect(200);
    await cms.http().get('/api/pages/article/nobody-wrote-this').expect(404);
    const after = await scrape();
    const count = 'kiosque_cms_request_duration_seconds_count';
    expect(sample(after, count, labels) - sample(before, count, labels)).toBe(1);
    expect(
      sample(after, count, { ...labels, status_class: '4xx' }) -
        sample(before, count, { ...labels, status_class: '4xx' }),
    ).toBe(1);
    expect(after).not.toContain(String(article.slug));
    expect(after).not.toContain('nobody-wrote-this');
  });

  it('count the response cache’s hits and misses, and show what it holds', async () => {
    const before = await scrape();
    await cms.http().get('/api/articles?pagination[pageSize]=3').expect(200);
    await cms.http().get('/api/articles?pagination[pageSize]=3').expect(200);
    await cms.http().get('/api/articles?pagination[pageSize]=3').expect(200);
    const after = await scrape();
    const counter = 'kiosque_response_cache_requests_total';
    expect(sample(after, counter, { result: 'miss' }) - sample(before, counter, { result: 'miss' })).toBe(1);
    expect(sample(after, counter, { result: 'hit' }) - sample(before, counter, { result: 'hit' })).toBe(2);
    expect(sample(after, 'kiosque_response_cache_entries')).toBeGreaterThan(0);
    expect(sample(after, 'kiosque_response_cache_bytes')).toBeGreaterThan(0);
  });

  it('count the answers the response cache pushes out to stay within RESPONSE_CACHE_MAX_ENTRIES', async () => {
    responseCacheOf(cms.strapi).invalidateLocally();
    const before = await scrape();
    for (let size = 1; size <= 5; size += 1) {
      await cms.http().get(`/api/articles?pagination[pageSize]=${size}`).expect(200);
    }
    const after = await scrape();
    const counter = 'kiosque_response_cache_evictions_total';
    expect(sample(after, counter) - sample(before, counter)).toBe(2);
    expect(sample(after, 'kiosque_response_cache_entries')).toBe(3);
    // Emptying the cache on a change is no eviction: the generation counts those.
    await createArticle(cms.strapi);
    expect(sample(await scrape(), counter)).toBe(sample(after, counter));
  });

  it('count comments accepted and refused by answer status and reason, and those waiting for a moderator', async () => {
    const article = await createArticle(cms.strapi);
    const before = await scrape();
    const repeated = { authorEmail: 'fatou@example.org', content: 'Très utile, merci pour la liste.' };
    expect((await postComment(cms, article.documentId, {}, repeated)).status).toBe(201);
    expect((await postComment(cms, article.documentId, {}, repeated)).status).toBe(400);
    expect((await cms.http().post('/api/comments').send({ data: {} })).status).toBe(400);
    expect((await postComment(cms, 'pas-un-article')).status).toBe(404);
    expect((await postComment(cms, article.documentId, { 'Idempotency-Key': 'court' })).status).toBe(400);
    const text = await cms.http().post('/api/comments').set('Content-Type', 'text/plain').send('Bonjour');
    expect(text.status).toBe(415);
    const broken = await cms
      .http()
      .post('/api/comments')
      .set('Content-Type', 'application/json')
      .send('{"data":');
    expect(broken.status).toBe(400);
    // The pending count is kept a few seconds: read the one after the new comment.
    await new Promise((resolve) => setTimeout(resolve, 5100));
    const after = await scrape();
    const counter = 'kiosque_comment_submissions_total';
    const added = (labels: Record<string, string>) =>
      sample(after, counter, labels) - sample(before, counter, labels);
    expect(added({ status: '201', outcome: 'accepted', reason: 'pending' })).toBe(1);
    expect(added({ status: '400', outcome: 'refused', reason: 'duplicate' })).toBe(1);
    expect(added({ status: '400', outcome: 'refused', reason: 'invalid' })).toBe(1);
    expect(added({ status: '400', outcome: 'refused', reason: 'idempotency_key' })).toBe(1);
    expect(added({ status: '400', outcome: 'refused', reason: 'malformed' })).toBe(1);
    expect(added({ status: '404', outcome: 'refused', reason: 'article_not_found' })).toBe(1);
    expect(added({ status: '415', outcome: 'refused', reason: 'not_json' })).toBe(1);
    const pending = await cms.strapi
      .documents('api::comment.comment')
      .count({ filters: { moderationStatus: 'pending' } });
    expect(sample(after, 'kiosque_comments_pending')).toBe(pending);
    expect(pending).toBeGreaterThan(0);
  }, 15_000);

  it('count the readers sent on to a group', async () => {
    const group = await createGroup(cms.strapi, { platform: 'telegram' });
    const before = await scrape();
    await cms.http().get(`/api/go/${group.documentId}`).set('User-Agent', BROWSER).expect(302);
    await cms.http().get('/api/go/no-such-group').set('User-Agent', BROWSER).expect(404);
    const after = await scrape();
    expect(sample(after, 'kiosque_join_clicks_total') - sample(before, 'kiosque_join_clicks_total')).toBe(1);
  });
});
