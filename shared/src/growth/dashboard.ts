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
  articleDocumentId: string;
  articleTitle: string;
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
  /** Sorted by joins, then views. */
  articles: DashboardArticle[];
  articleGroups: DashboardArticleGroup[];
  variants: DashboardVariant[];
}

/** The title shown for the joins from no particular article. */
export const NO_ARTICLE_TITLE = '(hors article)';

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
