// @vitest-environment node
// The client against a real HTTP server on a free port: the statuses, bodies and failures the CMS,
// its middlewares or the network really give, read by the real `fetch`.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, api, pointApiAt, toApiError } from './client';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server;
let origin: string;
let handler: Handler = (_request, _body, response) => response.end();
const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      handler(request, body, response);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pointApiAt(origin, () => 'req-42');
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function answer(status: number, body: unknown, type = 'application/json'): void {
  handler = (_request, _body, response) => {
    response.writeHead(status, { 'Content-Type': type });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

function strapiError(status: number, name: string, message: string, details?: object) {
  return { data: null, error: { status, name, message, details } };
}

async function failure(call: Promise<unknown>): Promise<ApiError> {
  const caught: unknown = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(caught)}`);
  return caught;
}

describe('the API client', () => {
  it('answers the JSON body, with the query, the headers and the request id sent', async () => {
    answer(200, { data: [{ slug: 'emploi' }], meta: {} });

    const { data } = await api.get<{ data: { slug: string }[] }>('/categories?sort=name%3Aasc', {
      headers: { 'X-Preview-Token': '123.abc' },
      params: { status: 'published' },
    });

    expect(data.data[0]?.slug).toBe('emploi');
    const request = seen.at(-1);
    expect(request?.url).toBe('/api/categories?sort=name%3Aasc&status=published');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['x-preview-token']).toBe('123.abc');
    expect(request?.headers['x-request-id']).toBe('req-42');
  });

  it('posts its body as JSON with the caller’s headers', async () => {
    answer(201, { data: { documentId: 'c1' } });

    const { data } = await api.post(
      '/comments',
      { data: { content: 'Merci « beaucoup »' } },
      {
        headers: { 'Idempotency-Key': 'key-1' },
      },
    );

    expect(data).toEqual({ data: { documentId: 'c1' } });
    const request = seen.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe('key-1');
    expect(JSON.parse(request?.body ?? '')).toEqual({ data: { content: 'Merci « beaucoup »' } });
  });

  it('reads the field messages of a Strapi validation error', async () => {
    answer(
      400,
      strapiError(400, 'ValidationError', 'Le commentaire n’a pas pu être envoyé.', {
        errors: [
          { path: ['authorName'], message: 'Le nom est obligatoire.', name: 'ValidationError' },
          { path: ['content'], message: 'Le commentaire est obligatoire.', name: 'ValidationError' },
          { path: ['authorName'], message: 'Le nom est trop long.', name: 'ValidationError' },
          { path: ['status'], message: 'Not allowed', name: 'ValidationError' },
        ],
      }),
    );

    const error = await failure(api.post('/comments', {}));

    expect(error.status).toBe(400);
    expect(error.message).toBe('Le commentaire n’a pas pu être envoyé.');
    expect(error.fieldErrors).toEqual({
      authorName: 'Le nom est obligatoire.',
      content: 'Le commentaire est obligatoire.',
    });
  });

  it('keeps the CMS’s own message for a missing article, closed comments or too many comments', async () => {
    answer(404, strapiError(404, 'NotFoundError', 'Cet article est introuvable.'));
    expect(await failure(api.get('/pages/article/absent'))).toMatchObject({
      status: 404,
      message: 'Cet article est introuvable.',
    });
    answer(403, strapiError(403, 'ForbiddenError', 'Les commentaires sont fermés pour cet article.'));
    expect(await failure(api.post('/comments', {}))).toMatchObject({
      status: 403,
      message: 'Les commentaires sont fermés pour cet article.',
    });
    const tooMany = 'Trop de commentaires envoyés depuis votre connexion. Réessayez dans une minute.';
    answer(429, strapiError(429, 'RateLimitError', tooMany));
    expect(await failure(api.post('/comments', {}))).toMatchObject({ status: 429, message: tooMany });
  });

  it('says in French that there were too many attempts when a rate limiter answered in plain text', async () => {
    answer(429, 'Too many requests, please try again later.', 'text/plain');

    const error = await failure(api.post('/comments', {}));

    expect(error.status).toBe(429);
    expect(error.message).toMatch(/^Trop de tentatives/);
    expect(error.fieldErrors).toEqual({});
  });

  it('never shows the English messages of the body parser or of a crash', async () => {
    answer(413, strapiError(413, 'PayloadTooLargeError', 'request entity too large'));
    expect((await failure(api.post('/comments', {}))).message).toBe('Le message envoyé est trop volumineux.');
    answer(500, strapiError(500, 'InternalServerError', 'Internal Server Error'));
    expect(await failure(api.get('/articles'))).toMatchObject({
      status: 500,
      message: 'Le serveur a rencontré une erreur. Réessayez dans un instant.',
    });
    answer(502, '<html>Bad Gateway</html>', 'text/html');
    expect(await failure(api.get('/articles'))).toMatchObject({ status: 502 });
  });

  it('reports an API that does not answer in time with a null status', async () => {
    handler = () => {
      // never answers
    };

    const error = await failure(api.get('/articles', { timeoutMs: 100 }));

    expect(error.status).toBeNull();
    expect(error.message).toMatch(/trop de temps/);
  });

  it('reports an unreachable API with a null status', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    pointApiAt(`http://127.0.0.1:${port}`, () => undefined);
    try {
      const error = await failure(api.get('/articles'));
      expect(error.status).toBeNull();
      expect(error.message).toBe('Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.');
    } finally {
      pointApiAt(origin, () => 'req-42');
    }
  });

  it('answers an ApiError unchanged and wraps anything else', () => {
    const apiError = new ApiError(404, 'Introuvable');

    expect(toApiError(apiError)).toBe(apiError);
    expect(toApiError(new TypeError('boom'))).toMatchObject({ status: null });
  });
});
