/**
 * What the reader site counts, and the beacon that carries it to the CMS. Counters only: a beacon
 * names an article, a group, a variant or a network, never a reader.
 */

/** Copy variants of a join block: A is the group's headline and button, B its second pair. */
export const COPY_VARIANTS = ['a', 'b'] as const;
export type CopyVariant = (typeof COPY_VARIANTS)[number];

/** The networks of the share buttons (`copy`: the link copied; `native`: the phone's share sheet). */
export const SHARE_NETWORKS = ['whatsapp', 'telegram', 'facebook', 'x', 'copy', 'native'] as const;
export type ShareNetwork = (typeof SHARE_NETWORKS)[number];

/**
 * The kinds of counters. `click` and `qr` are counted by the CMS's `/go/…` redirect (a QR code scan
 * arrives there with `source=qr`); `pool` by a pool's `/rejoindre/…` address, for the group (or
 * fallback channel) the visit was sent to, from no article and no copy variant; the three others
 * arrive in beacons.
 */
export const COUNT_KINDS = ['view', 'impression', 'click', 'qr', 'share', 'pool'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

export type BeaconEvent =
  | { kind: 'view' }
  | { kind: 'impression'; group: string; variant: CopyVariant }
  | { kind: 'share'; network: ShareNetwork };

export interface Beacon {
  article: string;
  events: BeaconEvent[];
}

/** An article shows a handful of join blocks: more events in one beacon is not a reader's page. */
export const MAX_BEACON_EVENTS = 12;
/** A beacon of MAX_BEACON_EVENTS events with the longest ids is well under this. */
export const MAX_BEACON_BYTES = 2048;

/** What a documentId can look like (Strapi's are 24 lower-case letters and digits). */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type BeaconCheck = { ok: true; beacon: Beacon } | { ok: false; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

function checkEvent(value: unknown): BeaconEvent | string {
  if (!isRecord(value)) return 'Chaque évènement doit être un objet.';
  switch (value.kind) {
    case 'view':
      return { kind: 'view' };
    case 'impression':
      if (typeof value.group !== 'string' || !ID.test(value.group)) return 'Groupe inconnu.';
      if (!isOneOf(COPY_VARIANTS, value.variant)) return 'La variante doit être « a » ou « b ».';
      return { kind: 'impression', group: value.group, variant: value.variant };
    case 'share':
      if (!isOneOf(SHARE_NETWORKS, value.network)) return 'Réseau de partage inconnu.';
      return { kind: 'share', network: value.network };
    default:
      return 'Type d’évènement inconnu.';
  }
}

/**
 * Checks a beacon's parsed JSON body: an article id, and 1 to MAX_BEACON_EVENTS known events (at most
 * one view). Whether the article and groups exist is the CMS's question; the shape is settled here.
 */
export function checkBeacon(body: unknown): BeaconCheck {
  if (!isRecord(body)) return { ok: false, message: 'Le corps doit être un objet JSON.' };
  if (typeof body.article !== 'string' || !ID.test(body.article)) {
    return { ok: false, message: 'L’article est manquant ou mal formé.' };
  }
  const events = body.events;
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_BEACON_EVENTS) {
    return { ok: false, message: `Il faut entre 1 et ${MAX_BEACON_EVENTS} évènements.` };
  }
  const checked: BeaconEvent[] = [];
  for (const event of events) {
    const result = checkEvent(event);
    if (typeof result === 'string') return { ok: false, message: result };
    checked.push(result);
  }
  if (checked.filter((event) => event.kind === 'view').length > 1) {
    return { ok: false, message: 'Une seule vue par balise.' };
  }
  return { ok: true, beacon: { article: body.article, events: checked } };
}

/** The UTC day a count belongs to, as the counters store it (YYYY-MM-DD). */
export function countDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Where the page server sends the article views it counted (cms/src/api/reader-count/routes), with
 * `Authorization: Bearer <COUNT_SECRET>`.
 */
export const VIEW_COUNTS_PATH = '/api/reader-counts/views';

/** One flush of the page server: the views of one article on one UTC day. */
export interface ViewCount {
  article: string;
  day: string;
  count: number;
}

/**
 * Entries in one flush at most: a site's articles read in a few seconds are far fewer; the page server
 * sends more in several requests. About 80 bytes each, well under the CMS's 64 kB body limit.
 */
export const MAX_VIEW_COUNT_ENTRIES = 500;
/** More views of one article in one flush than any page server can answer in a few seconds. */
export const MAX_VIEWS_PER_ENTRY = 10_000_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `day` is a real calendar day written YYYY-MM-DD (not 2026-02-30). */
function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value) && countDay(new Date(`${value}T00:00:00Z`)) === value;
}

export type ViewCountsCheck = { ok: true; views: ViewCount[] } | { ok: false; message: string };

/**
 * Checks the body of a flush: `{ views: [{ article, day, count }] }`, 1 to MAX_VIEW_COUNT_ENTRIES
 * entries, each a well-formed id, a real day and a whole count from 1. Whether the articles exist is
 * the CMS's question.
 */
export function checkViewCounts(body: unknown): ViewCountsCheck {
  if (!isRecord(body) || Object.keys(body).some((key) => key !== 'views')) {
    return { ok: false, message: 'Le corps doit être un objet JSON { views: [...] }.' };
  }
  const { views } = body;
  if (!Array.isArray(views) || views.length === 0 || views.length > MAX_VIEW_COUNT_ENTRIES) {
    return { ok: false, message: `Il faut entre 1 et ${MAX_VIEW_COUNT_ENTRIES} compteurs de vues.` };
  }
  const checked: ViewCount[] = [];
  for (const entry of views) {
    if (!isRecord(entry) || Object.keys(entry).some((key) => !['article', 'day', 'count'].includes(key))) {
      return { ok: false, message: 'Chaque compteur doit être un objet { article, day, count }.' };
    }
    if (typeof entry.article !== 'string' || !ID.test(entry.article)) {
      return { ok: false, message: 'L’article est manquant ou mal formé.' };
    }
    if (!isDay(entry.day)) return { ok: false, message: 'Le jour doit être une date AAAA-MM-JJ.' };
    if (!Number.isSafeInteger(entry.count) || (entry.count as number) < 1) {
      return { ok: false, message: 'Le nombre de vues doit être un entier positif.' };
    }
    if ((entry.count as number) > MAX_VIEWS_PER_ENTRY) {
      return { ok: false, message: 'Le nombre de vues est trop grand.' };
    }
    checked.push({ article: entry.article, day: entry.day, count: entry.count as number });
  }
  return { ok: true, views: checked };
}
