import type { ArticlePreviewResponse, PreviewStatus } from '@kiosque/shared';
import { api } from './client';

/**
 * One version of an article (the draft by default) as its page would show it, for the holder of a
 * preview link's token; rejects with a 401 ApiError (a French message saying whether the link expired
 * or is not valid) or a 404 one.
 */
export async function fetchArticlePreview(
  documentId: string,
  token: string,
  status: PreviewStatus = 'draft',
): Promise<ArticlePreviewResponse> {
  const response = await api.get<ArticlePreviewResponse>(
    `/previews/articles/${encodeURIComponent(documentId)}`,
    {
      // A header rather than the query string: the token stays out of the CMS's access logs.
      headers: { 'X-Preview-Token': token },
      params: status === 'published' ? { status } : undefined,
    },
  );
  return response.data;
}
