// @vitest-environment node
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageWeight } from './budget';

// A page as Vite builds them, served over real HTTP: an entry importing a shared chunk, a preloaded
// chunk, a stylesheet, and a chunk loaded only later by `import()`.
const FILES: Record<string, string> = {
  '/page': `<html><head><style>body{color:red}</style><script type="module" crossorigin src="/assets/entry.js"></script><link rel="modulepreload" crossorigin href="/assets/route.js"><link rel="stylesheet" crossorigin href="/assets/site.css"></head><body><h1>Bonjour</h1></body></html>`,
  '/assets/entry.js': `import{a as b}from"./shared.js";import"./side.js";const later=()=>import("./later.js");console.log(b,later,${JSON.stringify('e'.repeat(3000))});`,
  '/assets/shared.js': `export const a=${JSON.stringify('s'.repeat(2000))};`,
  '/assets/side.js': `import{a}from"./shared.js";console.log(a);`,
  '/assets/route.js': `import{a}from"./shared.js";export default a;`,
  '/assets/later.js': `export const never=${JSON.stringify('l'.repeat(50_000))};`,
  '/assets/site.css': `h1{font-size:2rem}`,
};
const gzip = (path: string) => gzipSync(FILES[path], { level: 9 }).length;

let server: Server;
let origin: string;
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    asked.push(String(request.url));
    const body = FILES[String(request.url)];
    response.writeHead(body === undefined ? 404 : 200);
    response.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('pageWeight', () => {
  it('counts the HTML, its stylesheets, its scripts and their static imports once each, not what loads later', async () => {
    const weight = await pageWeight(`${origin}/page`);

    expect(weight.files.map((file) => `${file.kind} ${new URL(file.url).pathname}`)).toEqual([
      'html /page',
      'css /assets/site.css',
      'js /assets/entry.js',
      'js /assets/route.js',
      'js /assets/shared.js',
      'js /assets/side.js',
    ]);
    expect(asked).not.toContain('/assets/later.js');
    const js = ['/assets/entry.js', '/assets/route.js', '/assets/shared.js', '/assets/side.js'];
    expect(weight.javaScriptKb).toBeCloseTo(js.reduce((sum, path) => sum + gzip(path), 0) / 1024, 6);
    expect(weight.htmlKb).toBeCloseTo(gzip('/page') / 1024, 6);
    expect(weight.totalKb).toBeCloseTo(weight.htmlKb + weight.cssKb + weight.javaScriptKb, 6);
  });

  it('fails loudly when a file the page needs is missing', async () => {
    FILES['/broken'] = '<script type="module" src="/assets/absent.js"></script>';
    await expect(pageWeight(`${origin}/broken`)).rejects.toThrow(/absent\.js answered 404/);
  });
});
