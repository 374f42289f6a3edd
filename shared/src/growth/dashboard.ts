import type { CommunityPlatform } from '../types.js';
import type { CopyTestReadout } from './copy-test.js';
import { SHARE_NETWORKS, type ShareNetwork } from './counting.js';

/**
 * What the growth dashboard in the Strapi admin shows, as the CMS's admin route answers it. "Joins"
 * are the clicks and QR scans that reached a group's invitation: the platforms do not tell who
 * actually joined.
 */
export const DASHBOARD_PERIODS = [7, 30] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

export interface DashboardGroup {
  documentId: string;
  name: string;
  platform: CommunityPlatform;
  active: boolean;
  full: boolean;
  joins7: number;
  joins30: number;
  /** QR scans among the joins of the last 30 days. */
  qr30: number;
  /** Joins per UTC day over the last 30 days, oldest first (the chart). */
  daily: number[];
  /**
   * Seats left under its pool's cap (its estimate: the member count entered plus the readers sent
   * since); 0 when full; null for a group in no pool, whose size Kiosque does not follow.
   */
  seatsLeft: number | null;
}

/** A pool of groups behind one permanent link. */
export interface DashboardPool {
  documentId: string;
  name: string;
  /** Its printed address on the site: `/rejoindre/<slug>`. */
  path: string;
  /** Its groups that still take readers, and all its groups. */
  groupsOpen: number;
  groupsTotal: number;
  /** What its open groups can still take now. */
  seatsLeft: number;
  /** Fewer seats left than the threshold the editors chose. */
  nearlyFull: boolean;
  /** Readers the link sent to a group or to the fallback channel. */
  joins7: number;
  joins30: number;
  /** Of the 30 days' joins, those sent to the fallback channel (every group full). */
  fallback30: number;
}

export interface DashboardArticle {
  /** '' for the joins from no particular article (a link shared on its own). */
  documentId: string;
  title: string;
  views: number;
  impressions: number;
  joins: number;
  /** Joins per view, 0 without views. */
  conversionRate: number;
  shares: Record<ShareNetwork, number>;
  sharesTotal: number;
}

export interface DashboardArticleGroup {
  /** '' for the joins from no article: a pool's link (`poolDocumentId`), or a link shared on its own. */
  articleDocumentId: string;
  /** The article's title, or where the joins came from (`poolJoinsTitle`, NO_ARTICLE_TITLE). */
  articleTitle: string;
  /** The pool whose link sent them, '' otherwise. */
  poolDocumentId: string;
  groupDocumentId: string;
  groupName: string;
  joins: number;
}

export interface DashboardVariant {
  groupDocumentId: string;
  groupName: string;
  a: { headline: string; buttonLabel: string; impressions: number; clicks: number };
  b: { headline: string; buttonLabel: string; impressions: number; clicks: number };
  readout: CopyTestReadout;
}

export interface GrowthDashboard {
  /** The period of the article, article × group and variant tables, in days up to today (UTC). */
  days: DashboardPeriod;
  from: string;
  to: string;
  /** The 30 days of the groups' charts, oldest first. */
  chartDays: string[];
  groups: DashboardGroup[];
  pools: DashboardPool[];
  /** Sorted by joins, then views. */
  articles: DashboardArticle[];
  articleGroups: DashboardArticleGroup[];
  variants: DashboardVariant[];
}

/** The title shown for the joins from no particular article. */
export const NO_ARTICLE_TITLE = '(hors article)';

/** Where the joins a pool's link sent came from, in the article × group table. */
export function poolJoinsTitle(path: string): string {
  return `(via le lien permanent ${path})`;
}

const percentText = (rate: number) => `${(rate * 100).toFixed(1).replace('.', ',')} %`;

/**
 * A cell as a spreadsheet reads it: quoted when it holds the separator, a quote or a line break; a
 * text starting with = + - @ (a formula to Excel and LibreOffice) is prefixed with an apostrophe.
 */
function cell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: Array<string | number>) => cells.map(cell).join(';');

/**
 * The dashboard as a CSV file, section by section, as shown (semicolons: what a French spreadsheet
 * expects). The first line marks the period.
 */
export function dashboardCsv(dashboard: GrowthDashboard): string {
  const lines = [
    line([`Période : ${dashboard.days} jours, du ${dashboard.from} au ${dashboard.to} (UTC)`]),
    '',
    line([
      'Groupe',
      'Plateforme',
      'Actif',
      'Complet',
      'Adhésions 7 j',
      'Adhésions 30 j',
      'Dont QR code 30 j',
      'Places restantes',
    ]),
    ...dashboard.groups.map((group) =>
      line([
        group.name,
        group.platform,
        group.active ? 'oui' : 'non',
        group.full ? 'oui' : 'non',
        group.joins7,
        group.joins30,
        group.qr30,
        group.seatsLeft ?? '',
      ]),
    ),
    '',
    line([
      'Lien permanent',
      'Adresse',
      'Groupes ouverts',
      'Groupes',
      'Places restantes',
      'Presque plein',
      'Adhésions 7 j',
      'Adhésions 30 j',
      'Dont canal de secours 30 j',
    ]),
    ...dashboard.pools.map((pool) =>
      line([
        pool.name,
        pool.path,
        pool.groupsOpen,
        pool.groupsTotal,
        pool.seatsLeft,
        pool.nearlyFull ? 'oui' : 'non',
        pool.joins7,
        pool.joins30,
        pool.fallback30,
      ]),
    ),
    '',
    line([
      'Article',
      'Vues',
      'Blocs affichés',
      'Adhésions',
      'Conversion',
      'Partages',
      ...SHARE_NETWORKS.map((network) => `Partages ${network}`),
    ]),
    ...dashboard.articles.map((article) =>
      line([
        article.title,
        article.views,
        article.impressions,
        article.joins,
        percentText(article.conversionRate),
        article.sharesTotal,
        ...SHARE_NETWORKS.map((network) => article.shares[network]),
      ]),
    ),
    '',
    line(['Article', 'Groupe', 'Adhésions']),
    ...dashboard.articleGroups.map((row) => line([row.articleTitle, row.groupName, row.joins])),
    '',
    line(['Groupe', 'Variante', 'Accroche', 'Bouton', 'Affichages', 'Clics', 'Taux de clic', 'Verdict']),
    ...dashboard.variants.flatMap((variant) =>
      (['a', 'b'] as const).map((name) => {
        const copy = variant[name];
        const rate = name === 'a' ? variant.readout.rateA : variant.readout.rateB;
        return line([
          variant.groupName,
          name.toUpperCase(),
          copy.headline,
          copy.buttonLabel,
          copy.impressions,
          copy.clicks,
          percentText(rate),
          variant.readout.message,
        ]);
      }),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
