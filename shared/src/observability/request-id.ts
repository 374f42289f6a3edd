/**
 * A request's id, as X-Request-Id carries it between nginx, the page server and the CMS and as every
 * log line names it. One that came with the request is kept when it is a plain token; anything else
 * (too short to be unique, too long, or carrying characters that would forge a log field or a
 * header) is replaced by a fresh one.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** `received` when it is a sane token (the first one if the header came twice), else `make()`. */
export function requestIdFrom(received: string | string[] | undefined, make: () => string): string {
  const value = Array.isArray(received) ? received[0] : received;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : make();
}
