import { createHead } from '@unhead/vue/client';
import { flushPromises, mount as mountComponent } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { fetchArticlePreview } from '../api/previews';
import { draft, previewAnswer } from '../composables/usePreview.fixtures';
import ArticlePreviewPage from './ArticlePreviewPage.vue';

vi.mock('../api/previews', () => ({ fetchArticlePreview: vi.fn() }));

const TOKEN = `${Math.floor(Date.now() / 1000) + 3600}.${'a'.repeat(43)}`;
const EXPIRED_TOKEN = `${Math.floor(Date.now() / 1000) - 60}.${'a'.repeat(43)}`;

/** The page with the head manager the app installs (main.ts), which writes into document.head. */
function mount(
  component: typeof ArticlePreviewPage,
  options: { props: InstanceType<typeof ArticlePreviewPage>['$props'] },
) {
  return mountComponent(component, { ...options, global: { plugins: [createHead()] } });
}

/** unhead writes the DOM head once the render settled. */
async function headWritten(): Promise<void> {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

function robotsMeta(): string[] {
  return [...document.head.querySelectorAll('meta[name="robots"]')].map(
    (meta) => meta.getAttribute('content') ?? '',
  );
}

afterEach(() => {
  vi.resetAllMocks();
  document.head.innerHTML = '';
});

describe('ArticlePreviewPage', () => {
  it('shows the draft under a banner saying it is not published, without comments nor their form', async () => {
    vi.mocked(fetchArticlePreview).mockResolvedValue(previewAnswer(draft('Le brouillon du jour')));

    const page = mount(ArticlePreviewPage, { props: { documentId: 'doc-1', token: TOKEN, status: 'draft' } });
    expect(page.find('[role="status"]').text()).toBe('Chargement de l’aperçu…');
    await flushPromises();

    expect(fetchArticlePreview).toHaveBeenCalledWith('doc-1', TOKEN, 'draft');
    const banner = page.get('[data-testid="preview-banner"]');
    expect(banner.attributes('role')).toBe('status');
    expect(banner.text()).toContain('Aperçu : cet article n’est pas publié');
    expect(page.get('h1').text()).toBe('Le brouillon du jour');
    expect(page.text()).toContain('Pas encore publié');
    expect(page.find('form').exists()).toBe(false);
    expect(page.find('[data-testid="article-comment-count"]').exists()).toBe(false);
    expect(page.text()).toContain(
      'Les commentaires et leur formulaire apparaîtront une fois l’article publié.',
    );
    await headWritten();
    expect(document.title).toBe('Aperçu : Le brouillon du jour – Kiosque');
  });

  /** Shows a draft: one robots tag says noindex while it is shown, and none once it is gone. */
  async function expectNoindexOnlyWhileShown(): Promise<void> {
    vi.mocked(fetchArticlePreview).mockResolvedValue(previewAnswer(draft()));
    const page = mount(ArticlePreviewPage, { props: { documentId: 'doc-1', token: TOKEN, status: 'draft' } });
    await headWritten();
    expect(robotsMeta()).toEqual(['noindex']);
    page.unmount();
    await headWritten();
    expect(robotsMeta()).toEqual([]);
  }

  it('asks search engines not to index it, for as long as it is shown', async () => {
    await expectNoindexOnlyWhileShown();
  });

  it('keeps a single robots tag when the page server already put one in the head', async () => {
    const served = document.createElement('meta');
    served.name = 'robots';
    served.content = 'noindex';
    document.head.append(served);
    await expectNoindexOnlyWhileShown();
  });

  it('says so when the link expired, without offering to retry', async () => {
    vi.mocked(fetchArticlePreview).mockRejectedValue(new ApiError(401, 'refusé'));
    const page = mount(ArticlePreviewPage, {
      props: { documentId: 'doc-1', token: EXPIRED_TOKEN, status: 'draft' },
    });
    await flushPromises();

    const problem = page.get('[role="alert"]');
    expect(problem.text()).toContain('Ce lien d’aperçu a expiré.');
    expect(problem.find('button').exists()).toBe(false);
    expect(page.find('h1').exists()).toBe(false);
  });

  it('offers to retry when the CMS cannot be reached', async () => {
    vi.mocked(fetchArticlePreview)
      .mockRejectedValueOnce(new ApiError(null, 'Le serveur ne répond pas.'))
      .mockResolvedValueOnce(previewAnswer(draft('Enfin chargé')));
    const page = mount(ArticlePreviewPage, { props: { documentId: 'doc-1', token: TOKEN, status: 'draft' } });
    await flushPromises();

    expect(page.get('[role="alert"]').text()).toContain('Le serveur ne répond pas.');
    await page.get('[role="alert"] button').trigger('click');
    await flushPromises();
    expect(page.get('h1').text()).toBe('Enfin chargé');
  });

  it('names the published version when that is what the editor previews', async () => {
    vi.mocked(fetchArticlePreview).mockResolvedValue(
      previewAnswer({ ...draft(), publishedAt: '2026-05-01T08:00:00.000Z' }),
    );
    const page = mount(ArticlePreviewPage, {
      props: { documentId: 'doc-1', token: TOKEN, status: 'published' },
    });
    await flushPromises();

    expect(fetchArticlePreview).toHaveBeenCalledWith('doc-1', TOKEN, 'published');
    expect(page.get('[data-testid="preview-banner"]').text()).toContain(
      'Aperçu : version publiée de cet article',
    );
    expect(page.text()).toContain('Publié le');
  });
});
