import type * as AxiosModule from 'axios';
import type { ApiErrorBody, CommentField, CommentFieldErrors } from '@kiosque/shared';
import { API_ORIGIN } from '../utils/apiOrigin';

const COMMENT_FIELDS: readonly CommentField[] = [
  'article',
  'authorName',
  'authorEmail',
  'content',
  'authorWebsite',
  'parent',
];

const NETWORK_MESSAGE = 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.';
const TIMEOUT_MESSAGE = 'Le serveur met trop de temps à répondre. Réessayez dans un instant.';
const SERVER_MESSAGE = 'Le serveur a rencontré une erreur. Réessayez dans un instant.';
const UNKNOWN_MESSAGE = 'Une erreur inattendue est survenue. Réessayez dans un instant.';

// The CMS phrases its own 400/403/404/429 errors in French for readers (429: its comment rate limit).
// Other statuses come from Strapi's or Koa's middlewares (body size, crashes) with English stock phrases,
// so we say it ourselves; so we do for a trusted status whose body is not the CMS's error envelope.
const TRUSTED_SERVER_MESSAGE_STATUSES = new Set([400, 403, 404, 429]);

const STATUS_MESSAGES: Record<number, string> = {
  400: 'La demande est invalide.',
  403: 'Cette action n’est pas autorisée.',
  404: 'Ce contenu est introuvable.',
  413: 'Le message envoyé est trop volumineux.',
  429: 'Trop de tentatives en peu de temps. Patientez quelques minutes avant de réessayer.',
};

/** Any failure of an API call, in terms the UI can show. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status, or `null` when the API could not be reached at all. */
    readonly status: number | null,
    message: string,
    /** One message per faulty field, as the CMS validation reported them. */
    readonly fieldErrors: CommentFieldErrors = {},
  ) {
    super(message);
  }
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body as { error: unknown };
  return typeof error === 'object' && error !== null && 'message' in error;
}

function isCommentField(value: unknown): value is CommentField {
  return typeof value === 'string' && (COMMENT_FIELDS as readonly string[]).includes(value);
}

function fieldErrorsOf(body: ApiErrorBody): CommentFieldErrors {
  const fieldErrors: CommentFieldErrors = {};
  for (const detail of body.error.details?.errors ?? []) {
    const field = detail.path?.[0];
    // Keep the first message of a field: it is the one the reader must fix first.
    if (isCommentField(field) && fieldErrors[field] === undefined && typeof detail.message === 'string') {
      fieldErrors[field] = detail.message;
    }
  }
  return fieldErrors;
}

function messageForStatus(status: number, body: unknown): string {
  if (
    TRUSTED_SERVER_MESSAGE_STATUSES.has(status) &&
    isApiErrorBody(body) &&
    body.error.message.trim() !== ''
  ) {
    return body.error.message;
  }
  return STATUS_MESSAGES[status] ?? (status >= 500 ? SERVER_MESSAGE : UNKNOWN_MESSAGE);
}

/** The CMS's answer to a request that failed with this status, in terms the UI can show. */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  return new ApiError(
    status,
    messageForStatus(status, body),
    isApiErrorBody(body) ? fieldErrorsOf(body) : {},
  );
}

/** Turns whatever an API call threw into an {@link ApiError}. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(null, UNKNOWN_MESSAGE);
}

const TIMEOUT_MS = 10_000;

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Added to the path's query string. */
  params?: Record<string, string>;
  /** How long to wait for the whole answer (10 s). */
  timeoutMs?: number;
}

let baseUrl = `${API_ORIGIN}/api`;
let serverRequestId: (() => string | undefined) | undefined;

/**
 * axios, loaded at the first API call rather than with the page. A page the server rendered brings its
 * data with it and needs no API call to be read; axios is 14 KB of gzip, which in the first script put
 * the article page's JavaScript over its 75 KB budget (web/server/budget.ts). main.ts warms it once
 * the page is idle, so that the reader's first navigation or comment does not wait for it.
 */
let httpClient: Promise<typeof AxiosModule> | undefined;
export function loadHttpClient(): Promise<typeof AxiosModule> {
  httpClient ??= import('axios');
  return httpClient;
}

function isTimeout(error: { code?: string }): boolean {
  return error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
}

async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  { headers = {}, params, timeoutMs = TIMEOUT_MS }: RequestOptions,
  body?: unknown,
): Promise<{ data: T }> {
  const { default: axios, isAxiosError } = await loadHttpClient();
  const requestId = serverRequestId?.();
  let response;
  try {
    response = await axios.request<string>({
      method,
      baseURL: baseUrl,
      url: path,
      params,
      data: body,
      timeout: timeoutMs,
      headers: {
        Accept: 'application/json',
        ...(requestId ? { 'X-Request-Id': requestId } : {}),
        ...headers,
      },
      // The body as text, whatever the status: parsed below, where a proxy's plain text is kept.
      responseType: 'text',
      transformResponse: (text: unknown) => text,
      validateStatus: () => true,
    });
  } catch (caught) {
    // No answer: the network, or the timeout (which also covers an answer cut while it arrived).
    throw new ApiError(null, isAxiosError(caught) && isTimeout(caught) ? TIMEOUT_MESSAGE : NETWORK_MESSAGE);
  }
  const text = typeof response.data === 'string' ? response.data : '';
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's or a rate limiter's plain text): kept as text, for the error's message.
  }
  if (response.status < 200 || response.status >= 300) throw apiErrorFromResponse(response.status, parsed);
  return { data: parsed as T };
}

/**
 * The one client of the CMS's API, on both sides (axios, loaded on first use: see loadHttpClient).
 * Every call rejects with an {@link ApiError}, whatever went wrong; `data` is the answer's JSON.
 */
export const api = {
  get<T>(path: string, options: RequestOptions = {}): Promise<{ data: T }> {
    return request<T>('GET', path, options);
  },
  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<{ data: T }> {
    return request<T>('POST', path, options, body);
  },
};

const ABSOLUTE_HTTP_URL = /^https?:\/\//i;

/** Whether a group's invite link is a web address (the CMS checks each with shared/'s validateInviteUrl). */
export function isHttpUrl(url: string): boolean {
  return ABSOLUTE_HTTP_URL.test(url);
}

/**
 * A server render (entry-server.ts) asks the CMS directly (the browser's same-origin `/api` means
 * nothing on the server), with the id of the reader's request that the render is for.
 */
export function pointApiAt(cmsUrl: string, requestId: () => string | undefined): void {
  baseUrl = `${cmsUrl.replace(/\/+$/, '')}/api`;
  serverRequestId = requestId;
}
