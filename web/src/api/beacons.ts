import type { Beacon } from '@kiosque/shared';
import { API_ORIGIN } from '../utils/apiOrigin';

const BEACON_URL = `${API_ORIGIN}/api/beacon`;

/**
 * Sends counters to the CMS without holding the page: `navigator.sendBeacon` survives the page being
 * closed. A string body goes as text/plain, which needs no CORS preflight; the answer is never read,
 * so the fallback asks for none (`no-cors`: the CMS sends no CORS headers on a beacon's answer).
 */
export function sendBeacon(beacon: Beacon): void {
  const body = JSON.stringify(beacon);
  if (typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(BEACON_URL, body)) return;
  void fetch(BEACON_URL, {
    method: 'POST',
    body,
    keepalive: true,
    mode: 'no-cors',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
  }).catch(() => {
    // A lost count is not the reader's problem.
  });
}
