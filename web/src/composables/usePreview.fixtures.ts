import type { ArticlePreview, ArticlePreviewResponse } from '@kiosque/shared';

/** Test data: a draft as the preview endpoint answers it. */
export function draft(title = 'Mon brouillon'): ArticlePreview {
  return {
    documentId: 'doc-1',
    title,
    slug: 'mon-brouillon',
    excerpt: '',
    category: null,
    author: null,
    seo: null,
    readingTime: 1,
    publishedAt: null,
    updatedAt: '2026-06-01T11:00:00.000Z',
    cover: null,
    body: [],
    commentsClosed: false,
  };
}

export function previewAnswer(article: ArticlePreview): ArticlePreviewResponse {
  return {
    data: {
      article,
      groups: [],
    },
    meta: { status: 'draft' },
  };
}
