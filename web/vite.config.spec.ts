// @vitest-environment node
import { fileURLToPath } from 'node:url';
import { resolveConfig } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { apiUrlFor } from './vite.config';

const configFile = fileURLToPath(new URL('vite.config.ts', import.meta.url));
const saved = process.env.VITE_API_URL;

afterEach(() => {
  if (saved === undefined) delete process.env.VITE_API_URL;
  else process.env.VITE_API_URL = saved;
});

/** What the SPA's `import.meta.env.VITE_API_URL` becomes, as Vite resolves this very config. */
async function apiUrlOf(command: 'build' | 'serve', mode: string): Promise<unknown> {
  const config = await resolveConfig({ configFile, logLevel: 'silent' }, command, mode);
  return JSON.parse(String(config.define?.['import.meta.env.VITE_API_URL']));
}

describe('the CMS origin the SPA is built for', () => {
  it('is the page’s own origin in a production build (`/api` on the host that served it)', async () => {
    delete process.env.VITE_API_URL;
    expect(await apiUrlOf('build', 'production')).toBe('');
  });

  it('is the CMS of `npm start` on the dev server', async () => {
    delete process.env.VITE_API_URL;
    expect(await apiUrlOf('serve', 'development')).toBe('http://localhost:1337');
  });

  it('is VITE_API_URL whenever it is set, empty included', async () => {
    process.env.VITE_API_URL = 'https://cms.kiosque.example.org';
    expect(await apiUrlOf('build', 'production')).toBe('https://cms.kiosque.example.org');
    process.env.VITE_API_URL = '';
    expect(await apiUrlOf('serve', 'development')).toBe('');
  });

  it('follows the same rule without Vite', () => {
    expect(apiUrlFor('build', {})).toBe('');
    expect(apiUrlFor('serve', {})).toBe('http://localhost:1337');
    expect(apiUrlFor('build', { VITE_API_URL: 'http://127.0.0.1:1339' })).toBe('http://127.0.0.1:1339');
  });
});
