import { getCurrentScope, onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import {
  PREVIEW_MESSAGES,
  type ArticlePreview,
  type CommunityGroup,
  type PreviewStatus,
} from '@kiosque/shared';
import { toApiError } from '../api/client';
import { fetchArticlePreview } from '../api/previews';
import { useLatestRequest } from './useLatestRequest';

/** Why a preview cannot be shown, in words an editor can act on; only a `failed` read is worth retrying. */
export interface PreviewProblem {
  kind: 'expired' | 'invalid' | 'not-found' | 'failed';
  message: string;
}

/** When the link's token says it expires (`<seconds since the epoch>.<signature>`); the CMS checks it. */
export function previewTokenExpiry(token: string): Date | null {
  const match = /^(\d{1,12})\./.exec(token);
  return match ? new Date(Number(match[1]) * 1000) : null;
}

/** What Strapi's preview panel posts to its frame after the editor saves (a documented public event). */
const STRAPI_UPDATE = 'strapiUpdate';

/**
 * One version of an article (the draft unless told otherwise) as its page would show it, read with
 * the token of the editor's preview link. A 401 becomes an "expired" or "invalid" problem (told apart
 * by the expiry the token carries), a 404 a "not-found" one; anything else can be retried. Shown in
 * the content manager's preview frame, it reads the article again each time the editor saves.
 */
export function usePreview(
  documentId: MaybeRefOrGetter<string>,
  token: MaybeRefOrGetter<string>,
  status: MaybeRefOrGetter<PreviewStatus> = 'draft',
  now: () => number = Date.now,
) {
  const article = shallowRef<ArticlePreview | null>(null);
  const groups = shallowRef<CommunityGroup[]>([]);
  const loading = ref(true);
  const problem = shallowRef<PreviewProblem | null>(null);
  const requests = useLatestRequest();

  function refusal(linkToken: string): PreviewProblem {
    const expiry = previewTokenExpiry(linkToken);
    return expiry !== null && expiry.getTime() <= now()
      ? { kind: 'expired', message: PREVIEW_MESSAGES.expired }
      : { kind: 'invalid', message: PREVIEW_MESSAGES.invalid };
  }

  /** `quietly`: keeps the current article on screen until the new answer arrives. */
  async function load(quietly = false): Promise<void> {
    const isLatest = requests.begin();
    const linkToken = toValue(token);
    if (!quietly) {
      article.value = null;
      loading.value = true;
    }
    problem.value = null;
    try {
      if (linkToken === '') {
        problem.value = refusal(linkToken);
        return;
      }
      const preview = await fetchArticlePreview(toValue(documentId), linkToken, toValue(status));
      if (!isLatest()) return;
      groups.value = preview.data.groups;
      article.value = preview.data.article;
    } catch (caught) {
      if (!isLatest()) return;
      const apiError = toApiError(caught);
      if (apiError.status === 401) problem.value = refusal(linkToken);
      else if (apiError.status === 404)
        problem.value = { kind: 'not-found', message: PREVIEW_MESSAGES.notFound };
      else problem.value = { kind: 'failed', message: apiError.message };
    } finally {
      if (isLatest()) loading.value = false;
    }
  }

  watch(
    () => [toValue(documentId), toValue(token), toValue(status)],
    () => void load(),
    { immediate: true },
  );

  // Only the window framing this page can ask, and all it can ask for is a fresh read.
  const onMessage = (event: MessageEvent<unknown>) => {
    const type = (event.data as { type?: unknown } | null)?.type;
    if (event.source === window.parent && window.parent !== window && type === STRAPI_UPDATE) {
      void load(true);
    }
  };
  window.addEventListener('message', onMessage);
  if (getCurrentScope()) onScopeDispose(() => window.removeEventListener('message', onMessage));

  return { article, groups, loading, problem, reload: () => load() };
}
