import { describe, expect, it } from 'vitest';
import { REQUEST_DURATION_BUCKETS, requestDurationHistogram, statusClassOf } from './request-metrics';

describe('requestDurationHistogram', () => {
  it('labels by what was asked, then method and status class, on the shared buckets', () => {
    const settings = requestDurationHistogram('kiosque_x_seconds', 'Aide.', 'page');
    expect(settings).toEqual({
      name: 'kiosque_x_seconds',
      help: 'Aide.',
      labelNames: ['page', 'method', 'status_class'],
      buckets: REQUEST_DURATION_BUCKETS,
    });
  });

  it('gives each histogram its own copy of the buckets, so that one cannot change the other’s', () => {
    const first = requestDurationHistogram('a', 'a', 'route');
    first.buckets.push(10);
    expect(requestDurationHistogram('b', 'b', 'route').buckets).toEqual(REQUEST_DURATION_BUCKETS);
  });

  it('has buckets in increasing order, from a millisecond to five seconds', () => {
    expect([...REQUEST_DURATION_BUCKETS].sort((a, b) => a - b)).toEqual(REQUEST_DURATION_BUCKETS);
    expect(REQUEST_DURATION_BUCKETS[0]).toBe(0.001);
    expect(REQUEST_DURATION_BUCKETS.at(-1)).toBe(5);
  });
});

describe('statusClassOf', () => {
  it.each([
    [200, '2xx'],
    [201, '2xx'],
    [302, '3xx'],
    [404, '4xx'],
    [499, '4xx'],
    [503, '5xx'],
  ])('labels %i as %s', (status, label) => {
    expect(statusClassOf(status)).toBe(label);
  });
});
