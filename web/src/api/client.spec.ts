import { AxiosError, AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from './client';

const config: InternalAxiosRequestConfig = { headers: new AxiosHeaders() };

function httpError(status: number, data: unknown): AxiosError {
  return new AxiosError(
    `Request failed with status code ${status}`,
    'ERR_BAD_REQUEST',
    config,
    {},
    {
      status,
      statusText: '',
      headers: {},
      config,
      data,
    },
  );
}

function strapiError(status: number, name: string, message: string, details?: object) {
  return { data: null, error: { status, name, message, details } };
}

describe('toApiError', () => {
  it('reads the field messages of a Strapi validation error', () => {
    const error = toApiError(
      httpError(
        400,
        strapiError(400, 'ValidationError', 'Le commentaire n’a pas pu être envoyé.', {
          errors: [
            { path: ['authorName'], message: 'Le nom est obligatoire.', name: 'ValidationError' },
            { path: ['content'], message: 'Le commentaire est obligatoire.', name: 'ValidationError' },
            { path: ['status'], message: 'Not allowed', name: 'ValidationError' },
          ],
        }),
      ),
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe('Le commentaire n’a pas pu être envoyé.');
    expect(error.fieldErrors).toEqual({
      authorName: 'Le nom est obligatoire.',
      content: 'Le commentaire est obligatoire.',
    });
  });

  it('keeps the CMS’s own message for a missing article or closed comments', () => {
    expect(
      toApiError(httpError(404, strapiError(404, 'NotFoundError', 'Cet article est introuvable.'))),
    ).toMatchObject({
      status: 404,
      message: 'Cet article est introuvable.',
    });
    expect(
      toApiError(
        httpError(403, strapiError(403, 'ForbiddenError', 'Les commentaires sont fermés pour cet article.')),
      ),
    ).toMatchObject({ status: 403, message: 'Les commentaires sont fermés pour cet article.' });
  });

  it('keeps the CMS’s own French message when it refuses too many comments', () => {
    const message = 'Trop de commentaires envoyés depuis votre connexion. Réessayez dans une minute.';
    const error = toApiError(httpError(429, strapiError(429, 'RateLimitError', message)));

    expect(error.status).toBe(429);
    expect(error.message).toBe(message);
  });

  it('reads the messages about the website and the answered comment as field messages', () => {
    const error = toApiError(
      httpError(
        400,
        strapiError(400, 'ValidationError', 'Le commentaire n’a pas pu être envoyé.', {
          errors: [
            { path: ['authorWebsite'], message: "L'adresse du site doit commencer par http:// ou https://." },
            { path: ['parent'], message: 'Le commentaire auquel vous répondez est introuvable.' },
          ],
        }),
      ),
    );

    expect(error.fieldErrors).toEqual({
      authorWebsite: "L'adresse du site doit commencer par http:// ou https://.",
      parent: 'Le commentaire auquel vous répondez est introuvable.',
    });
  });

  it('says in French that there were too many attempts when a rate limiter answered in plain text', () => {
    const error = toApiError(httpError(429, 'Too many requests, please try again later.'));

    expect(error.status).toBe(429);
    expect(error.message).toMatch(/^Trop de tentatives/);
    expect(error.fieldErrors).toEqual({});
  });

  it('says the request was too large without showing the body parser’s English message', () => {
    const error = toApiError(
      httpError(413, strapiError(413, 'PayloadTooLargeError', 'request entity too large')),
    );

    expect(error.message).toBe('Le message envoyé est trop volumineux.');
  });

  it('explains a server crash without showing Strapi’s English message', () => {
    const error = toApiError(
      httpError(500, strapiError(500, 'InternalServerError', 'Internal Server Error')),
    );

    expect(error.status).toBe(500);
    expect(error.message).toBe('Le serveur a rencontré une erreur. Réessayez dans un instant.');
  });

  it('reports an unreachable API with a null status', () => {
    const error = toApiError(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config, {}));

    expect(error.status).toBeNull();
    expect(error.message).toBe('Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.');
  });

  it('reports a timeout with a null status', () => {
    const error = toApiError(
      new AxiosError('timeout of 10000ms exceeded', AxiosError.ECONNABORTED, config, {}),
    );

    expect(error.status).toBeNull();
    expect(error.message).toMatch(/trop de temps/);
  });

  it('answers an ApiError unchanged and wraps anything else', () => {
    const apiError = new ApiError(404, 'Introuvable');

    expect(toApiError(apiError)).toBe(apiError);
    expect(toApiError(new TypeError('boom'))).toMatchObject({ status: null });
  });
});
