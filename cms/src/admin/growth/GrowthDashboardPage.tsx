import { useCallback, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import {
  COMMUNITY_PLATFORM_LABELS,
  DASHBOARD_PERIODS,
  dashboardCsv,
  SHARE_NETWORKS,
  type DashboardPeriod,
  type GrowthDashboard,
} from '@kiosque/shared';
import { downloadFile } from '../download-file';

/*
 * The growth dashboard: what each join block brings. Figures come from the CMS's admin route
 * (/admin/kiosque-growth/dashboard, src/counting/dashboard-route.ts), which reads the stored daily counters;
 * the CSV export is built from exactly what is shown.
 */

const number = new Intl.NumberFormat('fr-FR');
const percent = (rate: number) => `${(rate * 100).toFixed(1).replace('.', ',')} %`;

const styles: Record<string, CSSProperties> = {
  section: {
    background: '#ffffff',
    borderRadius: 4,
    padding: '16px 24px',
    marginBottom: 24,
    boxShadow: '0 1px 4px rgba(33,33,52,0.1)',
  },
  title: { fontSize: 18, fontWeight: 600, margin: '0 0 4px' },
  hint: { color: '#666687', margin: '0 0 12px', fontSize: 13 },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: 14 },
  th: {
    textAlign: 'left',
    padding: '8px',
    borderBottom: '1px solid #dcdce4',
    color: '#666687',
    fontWeight: 600,
  },
  td: { padding: '8px', borderBottom: '1px solid #eaeaef', verticalAlign: 'middle' },
  num: {
    padding: '8px',
    borderBottom: '1px solid #eaeaef',
    textAlign: 'right',
    fontVariantNumeric: 'tabular-nums',
  },
  toolbar: { display: 'flex', gap: 12, alignItems: 'center', marginBottom: 16, flexWrap: 'wrap' },
  button: {
    padding: '8px 16px',
    borderRadius: 4,
    border: '1px solid #4945ff',
    background: '#4945ff',
    color: '#ffffff',
    cursor: 'pointer',
    fontWeight: 600,
  },
  buttonOff: {
    padding: '8px 16px',
    borderRadius: 4,
    border: '1px solid #dcdce4',
    background: '#ffffff',
    color: '#32324d',
    cursor: 'pointer',
  },
};

/** A column header; `numeric` right-aligns it over its figures. */
function Th({ children, numeric = false }: { children: ReactNode; numeric?: boolean }) {
  return <th style={numeric ? { ...styles.th, textAlign: 'right' } : styles.th}>{children}</th>;
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section style={styles.section} aria-label={title}>
      <h2 style={styles.title}>{title}</h2>
      {hint ? <p style={styles.hint}>{hint}</p> : null}
      {children}
    </section>
  );
}

/** A section holding one table, or the `empty` message when it has no rows (`count` is 0). */
function TableSection({
  title,
  hint,
  count,
  empty,
  columns,
  children,
}: {
  title: string;
  hint?: string;
  count: number;
  empty: ReactNode;
  /** The header row's cells (`Th`). */
  columns: ReactNode;
  children: ReactNode;
}) {
  return (
    <Section title={title} hint={hint}>
      {count === 0 ? (
        empty
      ) : (
        <table style={styles.table}>
          <thead>
            <tr>{columns}</tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      )}
    </Section>
  );
}

/** Joins per day over 30 days, as bars; the text alternative gives the total and the best day. */
function DailyChart({ daily, days }: { daily: number[]; days: string[] }) {
  const max = Math.max(1, ...daily);
  const best = daily.indexOf(Math.max(...daily));
  const label = `${number.format(daily.reduce((sum, count) => sum + count, 0))} adhésions en 30 jours${
    daily[best] > 0 ? `, au plus ${number.format(daily[best])} le ${days[best]}` : ''
  }`;
  return (
    <svg width={150} height={32} viewBox={`0 0 ${daily.length * 5} 32`} role="img" aria-label={label}>
      {daily.map((count, index) => (
        <rect
          key={days[index]}
          x={index * 5}
          y={32 - (count / max) * 30}
          width={4}
          height={(count / max) * 30 || 1}
          fill={count > 0 ? '#4945ff' : '#dcdce4'}
        >
          <title>{`${days[index]} : ${count}`}</title>
        </rect>
      ))}
    </svg>
  );
}

function download(dashboard: GrowthDashboard): void {
  // A byte-order mark: Excel reads the file as UTF-8 only with it.
  downloadFile(
    `kiosque-croissance-${dashboard.to}-${dashboard.days}j.csv`,
    new Blob([`\uFEFF${dashboardCsv(dashboard)}`], { type: 'text/csv;charset=utf-8' }),
  );
}

export function GrowthDashboardPage() {
  const { get } = useFetchClient();
  const [days, setDays] = useState<DashboardPeriod>(7);
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'error' } | { status: 'ready'; dashboard: GrowthDashboard }
  >({ status: 'loading' });

  const load = useCallback(async () => {
    setState({ status: 'loading' });
    try {
      const response = await get<{ data: GrowthDashboard }>(`/admin/kiosque-growth/dashboard?days=${days}`);
      setState({ status: 'ready', dashboard: response.data.data });
    } catch {
      setState({ status: 'error' });
    }
  }, [get, days]);

  useEffect(() => {
    void load();
  }, [load]);

  const dashboard = state.status === 'ready' ? state.dashboard : undefined;
  const period = `${days} derniers jours`;

  return (
    <Page.Main>
      <Page.Title>Croissance</Page.Title>
      <Layouts.Header
        title="Croissance"
        subtitle="Ce que rapporte chaque bloc « Rejoindre » : adhésions, vues, partages et tests de texte. Compteurs seulement, sans cookie ni donnée personnelle."
      />
      <Layouts.Content>
        <div style={styles.toolbar} role="group" aria-label="Période">
          {DASHBOARD_PERIODS.map((value) => (
            <button
              key={value}
              type="button"
              style={value === days ? styles.button : styles.buttonOff}
              aria-pressed={value === days}
              onClick={() => setDays(value)}
            >
              {value} jours
            </button>
          ))}
          <button type="button" style={styles.buttonOff} onClick={() => void load()}>
            Actualiser
          </button>
          <button
            type="button"
            style={styles.buttonOff}
            disabled={!dashboard}
            onClick={() => dashboard && download(dashboard)}
          >
            Exporter en CSV
          </button>
          {dashboard ? (
            <span style={styles.hint}>
              Du {dashboard.from} au {dashboard.to} (jours UTC). Les chiffres arrivent en quelques secondes.
            </span>
          ) : null}
        </div>

        {state.status === 'loading' ? <p role="status">Chargement des chiffres…</p> : null}
        {state.status === 'error' ? (
          <p role="alert">
            Les chiffres n’ont pas pu être chargés.{' '}
            <button type="button" style={styles.buttonOff} onClick={() => void load()}>
              Réessayer
            </button>
          </p>
        ) : null}

        {dashboard ? (
          <>
            <TableSection
              title="Adhésions par groupe"
              hint="Une adhésion est un clic (ou un scan du QR code) qui a mené à l’invitation du groupe : les plateformes ne disent pas qui entre vraiment."
              count={dashboard.groups.length}
              empty={<p>Aucun groupe pour l’instant.</p>}
              columns={
                <>
                  <Th>Groupe</Th>
                  <Th>État</Th>
                  <Th numeric>7 jours</Th>
                  <Th numeric>30 jours</Th>
                  <Th numeric>Dont QR code</Th>
                  <Th numeric>Places restantes</Th>
                  <Th>30 derniers jours</Th>
                </>
              }
            >
              {dashboard.groups.map((group) => (
                <tr key={group.documentId} data-testid="growth-group">
                  <td style={styles.td}>
                    <strong>{group.name}</strong>
                    <br />
                    <span style={styles.hint}>
                      {COMMUNITY_PLATFORM_LABELS[group.platform] ?? group.platform}
                    </span>
                  </td>
                  <td style={styles.td}>
                    {!group.active
                      ? 'Masqué'
                      : group.full
                        ? 'Complet'
                        : group.seatsLeft === 0
                          ? 'Complet (estimé)'
                          : 'Ouvert'}
                  </td>
                  <td style={styles.num}>{number.format(group.joins7)}</td>
                  <td style={styles.num}>{number.format(group.joins30)}</td>
                  <td style={styles.num}>{number.format(group.qr30)}</td>
                  <td
                    style={styles.num}
                    title={group.seatsLeft === null ? 'Dans aucun lien permanent' : undefined}
                  >
                    {group.seatsLeft === null ? '—' : number.format(group.seatsLeft)}
                  </td>
                  <td style={styles.td}>
                    <DailyChart daily={group.daily} days={dashboard.chartDays} />
                  </td>
                </tr>
              ))}
            </TableSection>

            <TableSection
              title="Files de groupes"
              hint="Chaque visite d’un lien /rejoindre/… mène au premier groupe qui a de la place, puis au canal de secours quand tous sont pleins."
              count={dashboard.pools.length}
              empty={
                <p>
                  Aucune file de groupes : créez-en une dans le gestionnaire de contenu (« File de groupes »).
                </p>
              }
              columns={
                <>
                  <Th>File et lien permanent</Th>
                  <Th>État</Th>
                  <Th numeric>Groupes ouverts</Th>
                  <Th numeric>Places restantes</Th>
                  <Th numeric>7 jours</Th>
                  <Th numeric>30 jours</Th>
                  <Th numeric>Dont canal de secours</Th>
                </>
              }
            >
              {dashboard.pools.map((pool) => (
                <tr key={pool.documentId} data-testid="growth-pool">
                  <td style={styles.td}>
                    <strong>{pool.name}</strong>
                    <br />
                    <span style={styles.hint}>{pool.path}</span>
                  </td>
                  <td style={styles.td}>
                    {pool.groupsOpen === 0
                      ? 'Complet : canal de secours'
                      : pool.nearlyFull
                        ? 'Presque plein'
                        : 'Ouvert'}
                  </td>
                  <td style={styles.num}>
                    {number.format(pool.groupsOpen)} sur {number.format(pool.groupsTotal)}
                  </td>
                  <td style={styles.num}>{number.format(pool.seatsLeft)}</td>
                  <td style={styles.num}>{number.format(pool.joins7)}</td>
                  <td style={styles.num}>{number.format(pool.joins30)}</td>
                  <td style={styles.num}>{number.format(pool.fallback30)}</td>
                </tr>
              ))}
            </TableSection>

            <TableSection
              title={`Adhésions par article et par groupe (${period})`}
              hint="Qui fait rejoindre quel groupe : la réponse à « combien de lecteurs cet article a-t-il fait rejoindre le groupe Emploi cette semaine ? »."
              count={dashboard.articleGroups.length}
              empty={<p>Aucune adhésion sur la période.</p>}
              columns={
                <>
                  <Th>Article</Th>
                  <Th>Groupe</Th>
                  <Th numeric>Adhésions</Th>
                </>
              }
            >
              {dashboard.articleGroups.map((row) => (
                <tr
                  key={`${row.articleDocumentId} ${row.groupDocumentId} ${row.poolDocumentId}`}
                  data-testid="growth-article-group"
                >
                  <td style={styles.td}>{row.articleTitle}</td>
                  <td style={styles.td}>{row.groupName}</td>
                  <td style={styles.num}>{number.format(row.joins)}</td>
                </tr>
              ))}
            </TableSection>

            <TableSection
              title={`Articles (${period})`}
              hint="Classés par adhésions. Conversion : adhésions rapportées aux vues de l’article."
              count={dashboard.articles.length}
              empty={<p>Aucune lecture comptée sur la période.</p>}
              columns={
                <>
                  <Th>Article</Th>
                  <Th numeric>Vues</Th>
                  <Th numeric>Blocs vus</Th>
                  <Th numeric>Adhésions</Th>
                  <Th numeric>Conversion</Th>
                  <Th numeric>Partages</Th>
                </>
              }
            >
              {dashboard.articles.map((article) => (
                <tr key={article.documentId} data-testid="growth-article">
                  <td style={styles.td}>{article.title}</td>
                  <td style={styles.num}>{number.format(article.views)}</td>
                  <td style={styles.num}>{number.format(article.impressions)}</td>
                  <td style={styles.num}>{number.format(article.joins)}</td>
                  <td style={styles.num}>{percent(article.conversionRate)}</td>
                  <td
                    style={styles.num}
                    title={SHARE_NETWORKS.filter((network) => article.shares[network] > 0)
                      .map((network) => `${network} : ${article.shares[network]}`)
                      .join(', ')}
                  >
                    {number.format(article.sharesTotal)}
                  </td>
                </tr>
              ))}
            </TableSection>

            <TableSection
              title={`Tests de texte (${period})`}
              hint="Pour les groupes qui ont une accroche B : chaque vue montre A ou B au hasard ; le verdict vient d’un test de deux proportions."
              count={dashboard.variants.length}
              empty={
                <p>
                  Aucun test en cours : ajoutez une « Accroche B » et un « Texte du bouton B » à un groupe.
                </p>
              }
              columns={
                <>
                  <Th>Groupe</Th>
                  <Th>Texte</Th>
                  <Th numeric>Affichages</Th>
                  <Th numeric>Clics</Th>
                  <Th numeric>Taux de clic</Th>
                  <Th>Verdict</Th>
                </>
              }
            >
              {dashboard.variants.flatMap((variant) =>
                (['a', 'b'] as const).map((name) => (
                  <tr key={`${variant.groupDocumentId} ${name}`} data-testid="growth-variant">
                    {name === 'a' ? (
                      <td style={styles.td} rowSpan={2}>
                        {variant.groupName}
                      </td>
                    ) : null}
                    <td style={styles.td}>
                      <strong>{name.toUpperCase()}</strong> « {variant[name].headline} » / «{' '}
                      {variant[name].buttonLabel} »
                    </td>
                    <td style={styles.num}>{number.format(variant[name].impressions)}</td>
                    <td style={styles.num}>{number.format(variant[name].clicks)}</td>
                    <td style={styles.num}>
                      {percent(name === 'a' ? variant.readout.rateA : variant.readout.rateB)}
                    </td>
                    {name === 'a' ? (
                      <td style={styles.td} rowSpan={2}>
                        {variant.readout.message}
                      </td>
                    ) : null}
                  </tr>
                )),
              )}
            </TableSection>
          </>
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
}

export default GrowthDashboardPage;
