import { randomUUID } from 'node:crypto';
import { READER_USER_AGENT } from '../../web/e2e/browser';
import type { ModerationDesk } from './admin-moderation';
import { send, type Answer } from './http';
import type { Stack } from './stack';

/*
 * The growth features as an editor sets them up (the admin's API, as its forms call it) and as many
 * readers use them at once (through nginx, each from an address of its own).
 */

const GROUP_UID = 'api::community-group.community-group';
const POOL_UID = 'api::group-pool.group-pool';

export interface Created {
  documentId: string;
  name: string;
  inviteUrl: string;
}

/** A group created as an editor saves the form (no draft: groups are live once saved). */
export async function createGroupAsEditor(
  desk: ModerationDesk,
  fields: { name: string; platform?: string; members?: number; headlineB?: string; buttonLabelB?: string },
): Promise<Created> {
  const platform = fields.platform ?? 'whatsapp_group';
  const code = randomUUID().replace(/-/g, '').slice(0, 20);
  const inviteUrl =
    platform === 'whatsapp_channel'
      ? `https://whatsapp.com/channel/0029${code}`
      : `https://chat.whatsapp.com/${code}`;
  const created = await desk.api<{ data: Created }>(`/content-manager/collection-types/${GROUP_UID}`, {
    method: 'POST',
    body: {
      name: fields.name,
      platform,
      inviteUrl,
      headline: `Rejoignez ${fields.name}`,
      buttonLabel: 'Rejoindre',
      displayOrder: 50,
      active: true,
      full: false,
      members: fields.members ?? 0,
      ...(fields.headlineB ? { headlineB: fields.headlineB, buttonLabelB: fields.buttonLabelB } : {}),
    },
  });
  return created.data;
}

/** A pool of `groups` (in this order) with its fallback channel, at `/rejoindre/<slug>`. */
export async function createPoolAsEditor(
  desk: ModerationDesk,
  fields: {
    name: string;
    slug: string;
    groups: string[];
    fallback: string;
    cap: number;
    nearlyFullThreshold: number;
  },
): Promise<Created> {
  const created = await desk.api<{ data: Created }>(`/content-manager/collection-types/${POOL_UID}`, {
    method: 'POST',
    body: {
      name: fields.name,
      slug: fields.slug,
      cap: fields.cap,
      nearlyFullThreshold: fields.nearlyFullThreshold,
      groups: { connect: fields.groups.map((documentId) => ({ documentId })) },
      fallback: { connect: [{ documentId: fields.fallback }] },
    },
  });
  return created.data;
}

/**
 * `count` requests to `path` through nginx, `parallel` in flight at once (nginx's test worker takes
 * 512 connections), each from its own loopback address in 127.<block>.0.0/16, as a phone's browser.
 */
export async function manyReaders(
  stack: Stack,
  count: number,
  block: number,
  request: (index: number) => { path: string; method?: string; body?: unknown },
  parallel = 100,
): Promise<Answer[]> {
  const answers: Answer[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      const { path, method, body } = request(index);
      answers[index] = await send(`${stack.front.url}${path}`, {
        method,
        body,
        from: `127.${block}.${Math.floor(index / 250)}.${(index % 250) + 1}`,
        headers: { 'User-Agent': READER_USER_AGENT },
        timeoutMs: 60_000,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return answers;
}
