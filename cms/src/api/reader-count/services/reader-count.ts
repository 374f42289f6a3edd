import { createHash, timingSafeEqual } from 'node:crypto';
import { factories, type Core } from '@strapi/strapi';
import {
  checkBeacon,
  checkViewCounts,
  compareVariants,
  countDay,
  MAX_BEACON_BYTES,
  NO_ARTICLE_TITLE,
  poolJoinsTitle,
  SHARE_NETWORKS,
  type CommunityPlatform,
  type DashboardArticle,
  type DashboardPeriod,
  type GrowthDashboard,
  type ShareNetwork,
} from '@kiosque/shared';
import { isReaderRequest, perMinuteLimiter } from '../../../clicks/reader-clicks';
import { dashboardPools } from '../../../counting/dashboard-pools';
import { JOIN_KINDS, readerCounters } from '../../../counting/reader-counters';
import { responseCacheOf } from '../../../cache/response-cache';
import { readerCounts, type CountTotal } from '../../../db/reader-counts';
import { communityGroups } from '../../../services';
import { hashIp } from '../../../utils/keyed-hashes';

const COUNT_UID = 'api::reader-count.reader-count';
const ARTICLE_UID = 'api::article.article';
const GROUP_UID = 'api::community-group.community-group';

/**
 * Beacons counted at most per address and minute: a reader sends one or two per article read, and
 * a few readers may share an address (an office, a carrier's NAT).
 */
export const BEACONS_PER_ADDRESS_PER_MINUTE = 30;
/** How long an article's existence is remembered (a new article is counted within this). */
const ARTICLE_MEMO_MS = 60_000;
const ARTICLE_MEMO_MAX = 10_000;
const GROUPS_MEMO_MS = 10_000;

export interface BeaconRequest {
  headers: Record<string, string | string[] | undefined>;
  ip: string;
  /** The body's declared length, if any. */
  length?: number;
  /** As Strapi's body parser left it: text for `text/plain` (what sendBeacon sends), an object for JSON. */
  body: unknown;
}

export type BeaconResult = { status: 204 } | { status: 400 | 404 | 413 | 429; message: string };

export type ViewCountsResult =
  { status: 200; counted: number; ignored: number } | { status: 400 | 401; message: string };

/** One answer for a missing and a wrong secret: nothing tells them apart. */
const VIEW_COUNTS_REFUSED = 'Ce point d’entrée est réservé au serveur de pages du site.';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether `authorization` is `Bearer <secret>`: compared in constant time, through digests of equal
 * length whatever was sent. An empty secret authorises nothing.
 */
function holdsSecret(authorization: string | string[] | undefined, secret: string): boolean {
  const sent = typeof authorization === 'string' ? authorization : '';
  const expected = `Bearer ${secret}`;
  return timingSafeEqual(digest(sent), digest(expected)) && secret !== '';
}

const DAY_MS = 86_400_000;
const dayBefore = (day: string, days: number) =>
  countDay(new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS));

interface DashboardGroupRow {
  documentId: string;
  name: string;
  platform: string;
  active: boolean | null;
  full: boolean | null;
  headline: string;
  buttonLabel: string;
  headlineB: string | null;
  buttonLabelB: string | null;
}

function readerCountMethods({ strapi }: { strapi: Core.Strapi }) {
  const limiter = perMinuteLimiter(BEACONS_PER_ADDRESS_PER_MINUTE);
  // Known articles, so that a beacon naming anything else makes no row; bounded whatever is sent.

  // The lookup itself is remembered, so that a crowd on a new article makes one query, not one each.
  // Both are read again as soon as content changes (the response cache's content version, which
  // follows this instance's writes at once and the other instances' within RESPONSE_CACHE_SYNC_MS).
  const contentVersion = () => responseCacheOf(strapi).generation;
  const articleMemo = new Map<string, { published: Promise<boolean>; until: number; version: number }>();
  let groupsMemo: { loadedAt: number; version: number; groups: Promise<Map<string, boolean>> } | undefined;

  function isPublishedArticle(documentId: string): Promise<boolean> {
    const now = Date.now();
    const known = articleMemo.get(documentId);
    if (known && known.until > now && known.version === contentVersion()) return known.published;
    const published = strapi
      .documents(ARTICLE_UID)
      .findFirst({
        filters: { documentId: { $eq: documentId } },
        status: 'published',
        fields: ['documentId'],
      })
      .then((found) => found !== null && found !== undefined);
    articleMemo.delete(documentId);
    articleMemo.set(documentId, { published, until: now + ARTICLE_MEMO_MS, version: contentVersion() });
    // A failed lookup is not remembered.
    published.catch(() => articleMemo.delete(documentId));
    // A Map iterates in insertion order: the first key is the oldest.
    for (const oldest of articleMemo.keys()) {
      if (articleMemo.size <= ARTICLE_MEMO_MAX) break;
      articleMemo.delete(oldest);
    }
    return published;
  }

  /** The groups readers can be shown, each with whether it carries a variant B. */
  /**
   * The groups readers can be shown, each with whether it carries a variant B: remembered for a few
   * seconds, and read again (at most once a second) when a beacon names a group not among them, so
   * that a group created a moment ago counts at once and made-up ids cost one query a second at most.
   */
  async function shownGroups(ids: string[]): Promise<Map<string, boolean>> {
    const memo = groupsMemo;
    if (memo && memo.version === contentVersion()) {
      const groups = await memo.groups;
      // Another beacon started a newer read while this one waited: that read is the one to trust.
      if (groupsMemo !== memo && groupsMemo !== undefined) return groupsMemo.groups;
      const now = Date.now();
      const fresh = memo.loadedAt + GROUPS_MEMO_MS > now;
      const complete = ids.every((id) => groups.has(id));
      if (fresh && (complete || memo.loadedAt + 1000 > now)) return groups;
    }
    const now = Date.now();
    const groups = communityGroups(strapi)
      .activeGroups()
      .then((active) => new Map(active.map((group) => [group.documentId, group.hasVariantB])));
    groups.catch(() => (groupsMemo = undefined));
    groupsMemo = { loadedAt: now, version: contentVersion(), groups };
    return groups;
  }

  function parseBody(
    request: BeaconRequest,
  ): { ok: true; value: unknown } | { ok: false; result: BeaconResult } {
    if ((request.length ?? 0) > MAX_BEACON_BYTES) {
      return { ok: false, result: { status: 413, message: 'La balise est trop longue.' } };
    }
    if (typeof request.body !== 'string') return { ok: true, value: request.body };
    if (request.body.length > MAX_BEACON_BYTES) {
      return { ok: false, result: { status: 413, message: 'La balise est trop longue.' } };
    }
    try {
      return { ok: true, value: JSON.parse(request.body) as unknown };
    } catch {
      return { ok: false, result: { status: 400, message: 'La balise n’est pas du JSON.' } };
    }
  }

  return {
    /** This instance's reader counters (src/counting/reader-counters.ts), for code outside the compiled app such as the tests. */
    counters: () => readerCounters(strapi),

    /**
     * Counts a beacon: the view of a published article, the join blocks it showed (groups readers
     * can be shown, variant B only where the group carries one; anything else makes no row), its
     * shares. A crawler's or a prefetch's beacon is answered 204 and not counted.
     */
    async recordBeacon(request: BeaconRequest): Promise<BeaconResult> {
      const parsed = parseBody(request);
      if (!parsed.ok) return parsed.result;
      const checked = checkBeacon(parsed.value);
      if (!checked.ok) return { status: 400, message: checked.message };
      if (!isReaderRequest(request.headers)) return { status: 204 };
      if (!limiter.take(hashIp(request.ip))) {
        return { status: 429, message: 'Trop de balises depuis cette adresse : réessayez dans une minute.' };
      }
      const { article, events } = checked.beacon;
      if (!(await isPublishedArticle(article)))
        return { status: 404, message: 'Cet article est introuvable.' };

      const counters = readerCounters(strapi);
      const shown = events.flatMap((event) => (event.kind === 'impression' ? [event.group] : []));
      const groups = shown.length > 0 ? await shownGroups(shown) : new Map<string, boolean>();
      const now = new Date();
      for (const event of events) {
        const base = { articleDocumentId: article, groupDocumentId: '', variant: '', network: '' } as const;
        if (event.kind === 'view') counters.count({ ...base, kind: 'view' }, now);
        else if (event.kind === 'share')
          counters.count({ ...base, kind: 'share', network: event.network }, now);
        else {
          const hasVariantB = groups.get(event.group);
          if (hasVariantB === undefined || (event.variant === 'b' && !hasVariantB)) continue;
          counters.count(
            { ...base, kind: 'impression', groupDocumentId: event.group, variant: event.variant },
            now,
          );
        }
      }
      return { status: 204 };
    },

    /**
     * Adds the article views a page server counted (`POST /api/reader-counts/views`, with
     * `Authorization: Bearer <COUNT_SECRET>`): to the same counters as the beacons' views, for the
     * published articles only (anything else makes no row). The page server has already left out
     * crawlers, prefetches and HEAD requests (web/server/view-counts.ts).
     */
    async recordViews(request: {
      authorization: string | string[] | undefined;
      body: unknown;
    }): Promise<ViewCountsResult> {
      const secret = strapi.config.get<string>('kiosque.counting.secret', '');
      if (!holdsSecret(request.authorization, secret)) return { status: 401, message: VIEW_COUNTS_REFUSED };
      const checked = checkViewCounts(request.body);
      if (!checked.ok) return { status: 400, message: checked.message };
      const articles = [...new Set(checked.views.map((view) => view.article))];
      const published = new Map(
        await Promise.all(
          articles.map(async (article) => [article, await isPublishedArticle(article)] as const),
        ),
      );
      const counters = readerCounters(strapi);
      let counted = 0;
      let ignored = 0;
      for (const view of checked.views) {
        const base = {
          articleDocumentId: view.article,
          groupDocumentId: '',
          variant: '',
          network: '',
        } as const;
        if (
          published.get(view.article) === true &&
          counters.countOn({ ...base, kind: 'view' }, view.day, view.count)
        )
          counted += view.count;
        else ignored += view.count;
      }
      return { status: 200, counted, ignored };
    },

    /**
     * The growth dashboard over the last `days` UTC days (today included), from the stored counters
     * (this instance's pending counts are written first).
     */
    async dashboard(days: DashboardPeriod, now: Date = new Date()): Promise<GrowthDashboard> {
      await readerCounters(strapi).flush();
      const to = countDay(now);
      const from = dayBefore(to, days - 1);
      const from30 = dayBefore(to, 29);
      const from7 = dayBefore(to, 6);
      const counts = readerCounts(strapi);
      const [period, joinsPerDay, groupRows] = await Promise.all([
        counts.totals(from, to),
        counts.perDayAndGroup(from30, [...JOIN_KINDS]),
        strapi.documents(GROUP_UID).findMany({
          fields: [
            'name',
            'platform',
            'active',
            'full',
            'headline',
            'buttonLabel',
            'headlineB',
            'buttonLabelB',
          ],
          sort: ['displayOrder:asc', 'name:asc'],
          limit: 500,
        }) as unknown as Promise<DashboardGroupRow[]>,
      ]);
      const qr30 = await counts.totals(from30, to, ['qr']);
      const pools = await dashboardPools(strapi, { from7, from30, to });

      const chartDays = Array.from({ length: 30 }, (_, index) => dayBefore(to, 29 - index));
      const groups = groupRows.map((group) => {
        const daily = chartDays.map((day) =>
          joinsPerDay
            .filter((row) => row.day === day && row.groupDocumentId === group.documentId)
            .reduce((sum, row) => sum + row.count, 0),
        );
        return {
          documentId: group.documentId,
          name: group.name,
          platform: group.platform as CommunityPlatform,
          active: group.active === true,
          full: group.full === true,
          joins7: daily.slice(chartDays.indexOf(from7)).reduce((sum, count) => sum + count, 0),
          joins30: daily.reduce((sum, count) => sum + count, 0),
          qr30: qr30
            .filter((row) => row.groupDocumentId === group.documentId)
            .reduce((sum, row) => sum + row.count, 0),
          daily,
          seatsLeft: pools.groupSeats.get(group.documentId) ?? null,
        };
      });
      const groupNames = new Map(groupRows.map((group) => [group.documentId, group.name]));

      const articleIds = [...new Set(period.map((row) => row.articleDocumentId).filter((id) => id !== ''))];
      const articleRows =
        articleIds.length === 0
          ? []
          : ((await strapi.documents(ARTICLE_UID).findMany({
              filters: { documentId: { $in: articleIds } },
              fields: ['title'],
              limit: articleIds.length,
            })) as unknown as Array<{ documentId: string; title: string | null }>);
      const titles = new Map(articleRows.map((article) => [article.documentId, article.title ?? '']));
      const titleOf = (documentId: string) =>
        documentId === '' ? NO_ARTICLE_TITLE : (titles.get(documentId) ?? `(article supprimé ${documentId})`);

      const articles = new Map<string, DashboardArticle>();
      const articleOf = (documentId: string): DashboardArticle => {
        let article = articles.get(documentId);
        if (!article) {
          const shares = Object.fromEntries(SHARE_NETWORKS.map((network) => [network, 0])) as Record<
            ShareNetwork,
            number
          >;
          article = {
            documentId,
            title: titleOf(documentId),
            views: 0,
            impressions: 0,
            joins: 0,
            conversionRate: 0,
            shares,
            sharesTotal: 0,
          };
          articles.set(documentId, article);
        }
        return article;
      };
      const pairs = new Map<string, number>();
      const variantCounts = new Map<string, { a: [number, number]; b: [number, number] }>();
      const variantOf = (groupDocumentId: string) => {
        let counts = variantCounts.get(groupDocumentId);
        if (!counts) {
          counts = { a: [0, 0], b: [0, 0] };
          variantCounts.set(groupDocumentId, counts);
        }
        return counts;
      };
      for (const row of period as CountTotal[]) {
        const article = articleOf(row.articleDocumentId);
        if (row.kind === 'view') article.views += row.count;
        else if (row.kind === 'impression') {
          article.impressions += row.count;
          const side = row.variant === 'b' ? 'b' : 'a';
          variantOf(row.groupDocumentId)[side][0] += row.count;
        } else if (row.kind === 'share') {
          if ((SHARE_NETWORKS as readonly string[]).includes(row.network))
            article.shares[row.network as ShareNetwork] += row.count;
          article.sharesTotal += row.count;
        } else {
          article.joins += row.count;
          const key = `${row.articleDocumentId}\t${row.groupDocumentId}\t${row.kind === 'pool' ? row.poolDocumentId : ''}`;
          pairs.set(key, (pairs.get(key) ?? 0) + row.count);
          // A pool's visit saw no join block: it is no click on either copy.
          if (row.kind !== 'pool') {
            const side = row.variant === 'b' ? 'b' : 'a';
            variantOf(row.groupDocumentId)[side][1] += row.count;
          }
        }
      }
      for (const article of articles.values()) {
        article.conversionRate = article.views === 0 ? 0 : article.joins / article.views;
      }

      const variants = groupRows
        .filter((group) => (group.headlineB ?? '').trim() !== '' && (group.buttonLabelB ?? '').trim() !== '')
        .map((group) => {
          const counts = variantOf(group.documentId);
          // A click can outnumber the impressions counted (a blocked beacon, a link opened twice):
          // the test compares rates, so clicks are capped at the impressions they belong to.
          const a = { impressions: counts.a[0], clicks: Math.min(counts.a[1], counts.a[0]) };
          const b = { impressions: counts.b[0], clicks: Math.min(counts.b[1], counts.b[0]) };
          return {
            groupDocumentId: group.documentId,
            groupName: group.name,
            a: { headline: group.headline, buttonLabel: group.buttonLabel, ...a },
            b: { headline: group.headlineB ?? '', buttonLabel: group.buttonLabelB ?? '', ...b },
            readout: compareVariants(a, b),
          };
        });

      return {
        days,
        from,
        to,
        chartDays,
        groups,
        pools: pools.pools,
        articles: [...articles.values()].sort(
          (x, y) => y.joins - x.joins || y.views - x.views || x.title.localeCompare(y.title),
        ),
        articleGroups: [...pairs]
          .map(([key, joins]) => {
            const [articleDocumentId, groupDocumentId, poolDocumentId] = key.split('\t');
            const poolPath = pools.paths.get(poolDocumentId);
            return {
              articleDocumentId,
              articleTitle:
                poolDocumentId === ''
                  ? titleOf(articleDocumentId)
                  : poolJoinsTitle(poolPath ?? `(lien supprimé ${poolDocumentId})`),
              poolDocumentId,
              groupDocumentId,
              groupName: groupNames.get(groupDocumentId) ?? `(groupe supprimé ${groupDocumentId})`,
              joins,
            };
          })
          .sort((x, y) => y.joins - x.joins || x.articleTitle.localeCompare(y.articleTitle)),
        variants,
      };
    },
  };
}

export type ReaderCountService = ReturnType<typeof readerCountMethods>;

export default factories.createCoreService(COUNT_UID, readerCountMethods);
