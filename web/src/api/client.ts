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

async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  { headers = {}, params, timeoutMs = TIMEOUT_MS }: RequestOptions,
  body?: unknown,
): Promise<{ data: T }> {
  let url = `${baseUrl}${path}`;
  if (params) url += `${url.includes('?') ? '&' : '?'}${new URLSearchParams(params).toString()}`;
  const requestId = serverRequestId?.();
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(requestId ? { 'X-Request-Id': requestId } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (caught) {
    const timedOut = caught instanceof DOMException && caught.name === 'TimeoutError';
    throw new ApiError(null, timedOut ? TIMEOUT_MESSAGE : NETWORK_MESSAGE);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (caught) {
    // The answer was cut (the connection dropped, or the timeout struck while its body arrived).
    const timedOut = caught instanceof DOMException && caught.name === 'TimeoutError';
    throw new ApiError(null, timedOut ? TIMEOUT_MESSAGE : NETWORK_MESSAGE);
  }
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's or a rate limiter's plain text): kept as text, for the error's message.
  }
  if (!response.ok) throw apiErrorFromResponse(response.status, parsed);
  return { data: parsed as T };
}

/**
 * The one client of the CMS's API, on both sides: `fetch`, so that the browser loads no HTTP library
 * (axios was 14 KB of gzip in every page's first script). Every call rejects with an {@link ApiError},
 * whatever went wrong; `data` is the answer's JSON.
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
