import { useState, type CSSProperties, type FormEvent } from 'react';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { PRIVACY_ADMIN_API, validatePrivacyAddress, type PrivacyErasureResult } from '@kiosque/shared';
import { downloadFile } from '../download-file';

/*
 * « Données personnelles »: what a reader can ask by the link mailed to them, done by an editor for
 * an address they type (a request received by post or by mail, say). The export downloads the same
 * JSON file as the reader's; the erasure asks for a confirmation, then signs the address's comments
 * « Anonyme ». Routes: src/api/mail/admin/privacy-routes.ts.
 */

const styles: Record<string, CSSProperties> = {
  section: {
    background: '#ffffff',
    borderRadius: 4,
    padding: '16px 24px',
    marginBottom: 24,
    boxShadow: '0 1px 4px rgba(33,33,52,0.1)',
    maxWidth: 720,
  },
  label: { display: 'block', fontWeight: 600, marginBottom: 8 },
  input: { width: '100%', padding: '8px 12px', border: '1px solid #dcdce4', borderRadius: 4, fontSize: 14 },
  row: { display: 'flex', gap: 12, marginTop: 16, flexWrap: 'wrap' },
  button: {
    padding: '8px 16px',
    borderRadius: 4,
    border: '1px solid #4945ff',
    background: '#4945ff',
    color: '#ffffff',
    cursor: 'pointer',
    fontWeight: 600,
  },
  danger: {
    padding: '8px 16px',
    borderRadius: 4,
    border: '1px solid #d02b20',
    background: '#d02b20',
    color: '#ffffff',
    cursor: 'pointer',
    fontWeight: 600,
  },
  plain: {
    padding: '8px 16px',
    borderRadius: 4,
    border: '1px solid #dcdce4',
    background: '#ffffff',
    cursor: 'pointer',
  },
  hint: { color: '#666687', fontSize: 13, margin: '8px 0 0' },
  error: { color: '#d02b20', margin: '12px 0 0' },
  done: { color: '#328048', margin: '12px 0 0' },
  confirm: {
    marginTop: 16,
    padding: 16,
    border: '1px solid #d02b20',
    borderRadius: 4,
    background: '#fcecea',
  },
};

/** The French message of a refusal (Strapi's error envelope), or a general one. */
function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: { error?: { message?: unknown } } } }).response?.data;
  const message = data?.error?.message;
  return typeof message === 'string' ? message : 'La demande n’a pas abouti. Réessayez dans un instant.';
}

function download(body: unknown): void {
  downloadFile(
    'kiosque-commentaires.json',
    new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }),
  );
}

type Outcome = { kind: 'error' | 'done'; text: string } | null;

export function PrivacyPage() {
  const { post } = useFetchClient();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  /** The typed address, checked as the CMS checks it, or null with the message shown. */
  function checkedAddress(): string | null {
    const checked = validatePrivacyAddress({ email });
    if (!checked.ok) {
      setOutcome({ kind: 'error', text: checked.message });
      return null;
    }
    return checked.value.email;
  }

  async function exportComments(event: FormEvent) {
    event.preventDefault();
    const address = checkedAddress();
    if (address === null) return;
    setBusy(true);
    setOutcome(null);
    try {
      const response = await post<{ comments: unknown[] }>(PRIVACY_ADMIN_API.export, { email: address });
      download(response.data);
      setOutcome({
        kind: 'done',
        text: `${response.data.comments.length} commentaire(s) exporté(s) dans kiosque-commentaires.json.`,
      });
    } catch (error) {
      setOutcome({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  function askErasure() {
    const address = checkedAddress();
    if (address === null) return;
    setOutcome(null);
    setConfirming(address);
  }

  async function erase(address: string) {
    setBusy(true);
    try {
      const response = await post<{ data: PrivacyErasureResult }>(PRIVACY_ADMIN_API.erase, {
        email: address,
      });
      setOutcome({
        kind: 'done',
        text: `${response.data.data.erased} commentaire(s) désormais signé(s) « Anonyme ». L’adresse est effacée.`,
      });
      setEmail('');
    } catch (error) {
      setOutcome({ kind: 'error', text: messageOf(error) });
    } finally {
      setConfirming(null);
      setBusy(false);
    }
  }

  return (
    <Page.Main>
      <Page.Title>Données personnelles</Page.Title>
      <Layouts.Header
        title="Données personnelles"
        subtitle="Répondre à la demande d’un lecteur : copie de ses commentaires, ou effacement de ce qui le désigne."
      />
      <Layouts.Content>
        <form style={styles.section} onSubmit={(event) => void exportComments(event)} noValidate>
          <label style={styles.label} htmlFor="kiosque-privacy-email">
            Adresse e-mail du lecteur
          </label>
          <input
            id="kiosque-privacy-email"
            name="email"
            type="email"
            autoComplete="off"
            style={styles.input}
            value={email}
            onChange={(event) => {
              setEmail(event.target.value);
              setConfirming(null);
            }}
          />
          <p style={styles.hint}>
            L’effacement garde les commentaires, signés « Anonyme », sans e-mail ni site, et retire l’adresse
            des messages du site. Il est définitif.
          </p>
          <div style={styles.row}>
            <button type="submit" style={styles.button} disabled={busy}>
              Exporter ses commentaires
            </button>
            <button type="button" style={styles.danger} disabled={busy} onClick={askErasure}>
              Effacer ses informations…
            </button>
          </div>
          {confirming !== null && (
            <div style={styles.confirm} role="alertdialog" aria-labelledby="kiosque-privacy-confirm">
              <p id="kiosque-privacy-confirm" style={{ margin: 0 }}>
                Effacer les informations de {confirming} ? Ses commentaires resteront publiés, signés «
                Anonyme ».
              </p>
              <div style={styles.row}>
                <button
                  type="button"
                  style={styles.danger}
                  disabled={busy}
                  onClick={() => void erase(confirming)}
                >
                  Oui, effacer définitivement
                </button>
                <button type="button" style={styles.plain} onClick={() => setConfirming(null)}>
                  Annuler
                </button>
              </div>
            </div>
          )}
          {outcome && (
            <p
              style={outcome.kind === 'error' ? styles.error : styles.done}
              role={outcome.kind === 'error' ? 'alert' : 'status'}
            >
              {outcome.text}
            </p>
          )}
        </form>
      </Layouts.Content>
    </Page.Main>
  );
}

export default PrivacyPage;
