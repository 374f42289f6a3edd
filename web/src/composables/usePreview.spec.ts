import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref, type EffectScope } from 'vue';
import { PREVIEW_MESSAGES, type ArticlePreviewResponse } from '@kiosque/shared';
import { ApiError } from '../api/client';
import { fetchArticlePreview } from '../api/previews';
import { previewTokenExpiry, usePreview } from './usePreview';
import { draft, previewAnswer } from './usePreview.fixtures';

vi.mock('../api/previews', () => ({ fetchArticlePreview: vi.fn() }));

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const FRESH_TOKEN = `${NOW / 1000 + 3600}.${'a'.repeat(43)}`;
const OLD_TOKEN = `${NOW / 1000 - 60}.${'a'.repeat(43)}`;

const scopes: EffectScope[] = [];

/** The composable as a component would hold it: its message listener goes when the scope stops. */
function previewInScope(...args: Parameters<typeof usePreview>): ReturnType<typeof usePreview> {
  const scope = effectScope();
  scopes.push(scope);
  return scope.run(() => usePreview(...args))!;
}

afterEach(() => {
  scopes.splice(0).forEach((scope) => scope.stop());
  vi.resetAllMocks();
  vi.restoreAllMocks();
});

describe('usePreview', () => {
  it('reads the draft with the link’s token', async () => {
    vi.mocked(fetchArticlePreview).mockResolvedValue(previewAnswer(draft()));

    const state = previewInScope('doc-1', FRESH_TOKEN, 'draft', () => NOW);
    expect(state.loading.value).toBe(true);
    await flushPromises();

    expect(fetchArticlePreview).toHaveBeenCalledWith('doc-1', FRESH_TOKEN, 'draft');
    expect(state.loading.value).toBe(false);
    expect(state.article.value?.title).toBe('Mon brouillon');
    expect(state.problem.value).toBeNull();
  });

  it('says an expired link expired, and any other refused link is not valid', async () => {
    vi.mocked(fetchArticlePreview).mockRejectedValue(new ApiError(401, 'refusé'));

    const expired = previewInScope('doc-1', OLD_TOKEN, 'draft', () => NOW);
    const tampered = previewInScope('doc-1', FRESH_TOKEN, 'draft', () => NOW);
    const garbage = previewInScope('doc-1', 'n’importe quoi', 'draft', () => NOW);
    await flushPromises();

    expect(expired.problem.value).toEqual({ kind: 'expired', message: PREVIEW_MESSAGES.expired });
    expect(expired.problem.value?.message).toMatch(/^Ce lien d’aperçu a expiré/);
    expect(tampered.problem.value).toEqual({ kind: 'invalid', message: PREVIEW_MESSAGES.invalid });
    expect(garbage.problem.value?.kind).toBe('invalid');
    expect(expired.article.value).toBeNull();
  });

  it('does not call the CMS without a token', async () => {
    const state = previewInScope('doc-1', '', 'draft', () => NOW);
    await flushPromises();

    expect(fetchArticlePreview).not.toHaveBeenCalled();
    expect(state.problem.value?.kind).toBe('invalid');
    expect(state.loading.value).toBe(false);
  });

  it('tells an unknown article apart from a CMS that cannot be reached, which can be retried', async () => {
    vi.mocked(fetchArticlePreview).mockRejectedValueOnce(new ApiError(404, 'introuvable'));
    const missing = previewInScope('inconnu', FRESH_TOKEN, 'draft', () => NOW);
    await flushPromises();
    expect(missing.problem.value).toEqual({ kind: 'not-found', message: PREVIEW_MESSAGES.notFound });

    vi.mocked(fetchArticlePreview).mockRejectedValueOnce(new ApiError(null, 'Le serveur ne répond pas.'));
    const unreachable = previewInScope('doc-1', FRESH_TOKEN, 'draft', () => NOW);
    await flushPromises();
    expect(unreachable.problem.value).toEqual({ kind: 'failed', message: 'Le serveur ne répond pas.' });

    vi.mocked(fetchArticlePreview).mockResolvedValueOnce(previewAnswer(draft()));
    await unreachable.reload();
    expect(unreachable.problem.value).toBeNull();
    expect(unreachable.article.value?.title).toBe('Mon brouillon');
  });

  it('loads again when the link changes, and ignores the answer for the old one', async () => {
    let answerOld: (value: ArticlePreviewResponse) => void = () => undefined;
    vi.mocked(fetchArticlePreview)
      .mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)))
      .mockResolvedValueOnce(previewAnswer(draft('Nouveau')));
    const documentId = ref('doc-1');

    const state = previewInScope(documentId, FRESH_TOKEN, 'draft', () => NOW);
    documentId.value = 'doc-2';
    await flushPromises();
    answerOld(previewAnswer(draft('Ancien')));
    await flushPromises();

    expect(state.article.value?.title).toBe('Nouveau');
  });

  it('reads the draft again, keeping it on screen, when the admin framing the page says the editor saved', async () => {
    vi.mocked(fetchArticlePreview)
      .mockResolvedValueOnce(previewAnswer(draft('Avant')))
      .mockResolvedValueOnce(previewAnswer(draft('Après')));
    const admin = {} as Window;
    vi.spyOn(window, 'parent', 'get').mockReturnValue(admin as Window & typeof globalThis);
    const state = previewInScope('doc-1', FRESH_TOKEN, 'draft', () => NOW);
    await flushPromises();

    window.dispatchEvent(new MessageEvent('message', { data: { type: 'strapiUpdate' } }));
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'autre' }, source: admin }));
    await flushPromises();
    expect(fetchArticlePreview).toHaveBeenCalledTimes(1);

    window.dispatchEvent(new MessageEvent('message', { data: { type: 'strapiUpdate' }, source: admin }));
    expect(state.loading.value).toBe(false);
    expect(state.article.value?.title).toBe('Avant');
    await flushPromises();
    expect(state.article.value?.title).toBe('Après');

    scopes.forEach((scope) => scope.stop());
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'strapiUpdate' }, source: admin }));
    await flushPromises();
    expect(fetchArticlePreview).toHaveBeenCalledTimes(2);
  });

  it('reads the expiry a token carries', () => {
    expect(previewTokenExpiry(FRESH_TOKEN)?.getTime()).toBe(NOW + 3600 * 1000);
    expect(previewTokenExpiry('abc')).toBeNull();
  });
});
