import { describe, expect, it } from 'vitest';
import { metricsAddress } from './metrics-address.js';

describe('metricsAddress', () => {
  it('serves on this machine only, on the default port, when nothing is set', () => {
    expect(metricsAddress({}, 9464)).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(metricsAddress({ METRICS_PORT: '', METRICS_HOST: '' }, 9465)).toEqual({
      port: 9465,
      host: '127.0.0.1',
    });
  });

  it('takes the port and host it is given; 0 is any free port', () => {
    expect(metricsAddress({ METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' }, 9464)).toEqual({
      port: 9100,
      host: '0.0.0.0',
    });
    expect(metricsAddress({ METRICS_PORT: '0' }, 9464)).toEqual({ port: 0, host: '127.0.0.1' });
  });

  it('serves none when told off', () => {
    expect(metricsAddress({ METRICS_PORT: 'off' }, 9464)).toBeUndefined();
  });

  it.each(['abc', '-1', '70000', '94.64'])('refuses the port %s', (port) => {
    expect(() => metricsAddress({ METRICS_PORT: port }, 9464)).toThrow(/METRICS_PORT/);
  });
});
