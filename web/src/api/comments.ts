import {
  COMMENTS_PAGE_SIZE,
  type CommentCreated,
  type CommentInput,
  type ItemResponse,
  type ListResponse,
  type PublicComment,
} from '@kiosque/shared';
import { api } from './client';

/** Approved comments of an article, oldest first. */
export async function fetchComments(
  articleDocumentId: string,
  page = 1,
  pageSize = COMMENTS_PAGE_SIZE,
): Promise<ListResponse<PublicComment>> {
  // Spelled out rather than left to axios's params serialiser, whose nested-object format is not Strapi's.
  const query = new URLSearchParams({
    'filters[article][documentId][$eq]': articleDocumentId,
    'pagination[page]': String(page),
    'pagination[pageSize]': String(pageSize),
  });
  const response = await api.get<ListResponse<PublicComment>>(`/comments?${query.toString()}`);
  return response.data;
}

/** Posts a reader's comment; the CMS decides whether it is published at once or moderated first. */
export async function createComment(input: CommentInput): Promise<CommentCreated> {
  const response = await api.post<ItemResponse<CommentCreated>>('/comments', { data: input });
  return response.data.data;
}
