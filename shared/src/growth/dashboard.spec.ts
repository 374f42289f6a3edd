import { describe, expect, it } from 'vitest';
import { compareVariants } from './copy-test.js';
import { dashboardCsv, type GrowthDashboard } from './dashboard.js';

const shares = { whatsapp: 2, telegram: 1, facebook: 0, x: 0, copy: 1, native: 0 };

const DASHBOARD: GrowthDashboard = {
  days: 7,
  from: '2026-11-25',
  to: '2026-12-01',
  chartDays: [],
  groups: [
    {
      documentId: 'g1',
      name: 'Emploi; alertes',
      platform: 'whatsapp_group',
      active: true,
      full: false,
      joins7: 12,
      joins30: 40,
      qr30: 3,
      daily: [],
      seatsLeft: 24,
    },
  ],
  pools: [
    {
      documentId: 'p1',
      name: 'Emploi Abidjan',
      path: '/rejoindre/emploi-abidjan',
      groupsOpen: 1,
      groupsTotal: 3,
      seatsLeft: 24,
      nearlyFull: true,
      joins7: 9,
      joins30: 30,
      fallback30: 2,
    },
  ],
  articles: [
    {
      documentId: 'a1',
      title: '=HYPERLINK("https://evil.example")',
      views: 200,
      impressions: 150,
      joins: 12,
      conversionRate: 0.06,
      shares,
      sharesTotal: 4,
    },
  ],
  articleGroups: [
    {
      articleDocumentId: 'a1',
      articleTitle: 'Un « titre »',
      groupDocumentId: 'g1',
      groupName: 'Emploi',
      joins: 12,
      poolDocumentId: '',
    },
  ],
  variants: [
    {
      groupDocumentId: 'g1',
      groupName: 'Emploi',
      a: { headline: 'A', buttonLabel: 'Rejoindre', impressions: 50, clicks: 2 },
      b: { headline: 'B', buttonLabel: 'Go', impressions: 50, clicks: 5 },
      readout: compareVariants({ impressions: 50, clicks: 2 }, { impressions: 50, clicks: 5 }),
    },
  ],
};

describe('dashboardCsv', () => {
  const lines = dashboardCsv(DASHBOARD).split('\r\n');

  it('writes each section with its header and the figures shown', () => {
    expect(lines[0]).toBe('Période : 7 jours, du 2026-11-25 au 2026-12-01 (UTC)');
    expect(lines).toContain('"Emploi; alertes";whatsapp_group;oui;non;12;40;3;24');
    expect(lines).toContain('Emploi Abidjan;/rejoindre/emploi-abidjan;1;3;24;oui;9;30;2');
    expect(lines).toContain('Un « titre »;Emploi;12');
    expect(lines).toContain(
      'Emploi;B;B;Go;50;5;10,0 %;Pas encore assez de données (au moins 100 affichages et 5 clics par variante).',
    );
  });

  it('quotes separators and quotes, and defuses a title a spreadsheet would run as a formula', () => {
    expect(lines).toContain(`"'=HYPERLINK(""https://evil.example"")";200;150;12;6,0 %;4;2;1;0;0;1;0`);
  });
});
