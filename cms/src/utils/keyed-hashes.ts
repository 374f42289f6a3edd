import { createHmac } from 'node:crypto';
import { clientNetwork } from './client-network';
import { secret } from './secrets';

function keyedHash(domain: string, value: string): string {
  const key = secret('APP_KEYS').split(',')[0];
  return createHmac('sha256', key).update(`${domain}:${value}`).digest('hex');
}

/**
 * IPs are personal data: only a keyed hash is stored, enough to count a client's posts. It is the
 * hash of the client's network (an IPv6 address counts as its /64), since one phone or line can pick
 * any address of its /64 for each request.
 */
export function hashIp(ip: string): string {
  return keyedHash('comment-ip', clientNetwork(ip));
}

/** The commenter key a browser sent is a secret: only its keyed hash is stored. */
export function hashAuthorKey(authorKey: string): string {
  return keyedHash('comment-author-key', authorKey);
}
