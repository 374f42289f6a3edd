import { E2E_CMS_URL } from './ports';

/** The administrator the end-to-end CMS creates at boot, to read what editors see. */
export const E2E_ADMIN = { email: 'editrice@kiosque.e2e', password: 'Kiosque-E2E-2026' };

let editorToken: Promise<string> | undefined;

/**
 * Logs into the admin as the editor once (the admin limits logins from one address: tests that poll
 * must not log in at each call) and calls one of its APIs with her token.
 */
async function asEditor(path: string, init: RequestInit = {}): Promise<Response> {
  editorToken ??= fetch(`${E2E_CMS_URL}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(E2E_ADMIN),
  }).then(async (login) => ((await login.json()) as { data: { token: string } }).data.token);
  const token = await editorToken.catch((error: unknown) => {
    editorToken = undefined;
    throw error;
  });
  return fetch(`${E2E_CMS_URL}${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
  });
}

/** Click counters as an editor reads them in the admin (Content Manager → Group click stat). */
export async function clickStatsInAdmin(): Promise<
  { groupName: string; articleTitle: string; articleDocumentId: string; clicks: number }[]
> {
  const response = await asEditor(
    '/content-manager/collection-types/api::group-click-stat.group-click-stat?pageSize=100',
  );
  return ((await response.json()) as { results: never[] }).results;
}

/** An editor approves a comment in the admin (Content Manager → Comment), as on a real site. */
export async function approveCommentInAdmin(documentId: string): Promise<void> {
  const response = await asEditor(`/content-manager/collection-types/api::comment.comment/${documentId}`, {
    method: 'PUT',
    body: JSON.stringify({ moderationStatus: 'approved' }),
  });
  if (response.status !== 200) throw new Error(`approving ${documentId} answered ${response.status}`);
}

/** An article's views over the last 7 days, as the editors' growth dashboard shows them. */
export async function articleViewsInDashboard(articleDocumentId: string): Promise<number> {
  const response = await asEditor('/admin/kiosque-growth/dashboard?days=7');
  const { data } = (await response.json()) as { data: { articles: { documentId: string; views: number }[] } };
  return data.articles.find((article) => article.documentId === articleDocumentId)?.views ?? 0;
}
