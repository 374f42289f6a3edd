import type {
  COMMENT_HONEYPOT_FIELD,
  CommentCreated,
  CommentInput,
  CommentSort,
  CommentThreadsResponse,
  ItemResponse,
} from '@kiosque/shared';
import { api } from './client';

export const COMMENTS_PAGE_SIZE = 20;

export const DEFAULT_COMMENT_SORT: CommentSort = 'oldest';

export interface CommentThreadsQuery {
  sort?: CommentSort;
  page?: number;
  pageSize?: number;
}

/**
 * What the form posts: the reader's input, plus the honeypot field when something filled it in
 * (the CMS then stores the comment as spam without telling).
 */
export type CommentSubmission = CommentInput & Partial<Record<typeof COMMENT_HONEYPOT_FIELD, string>>;

/** A page of an article's approved top-level threads, each with its replies nested. */
export async function fetchCommentThreads(
  articleDocumentId: string,
  { sort = DEFAULT_COMMENT_SORT, page = 1, pageSize = COMMENTS_PAGE_SIZE }: CommentThreadsQuery = {},
): Promise<CommentThreadsResponse> {
  const query = new URLSearchParams({ sort, page: String(page), pageSize: String(pageSize) });
  const response = await api.get<CommentThreadsResponse>(
    `/articles/${encodeURIComponent(articleDocumentId)}/comments?${query.toString()}`,
  );
  return response.data;
}

/** Posts a reader's comment; the CMS decides whether it is published at once or moderated first. */
export async function createComment(input: CommentSubmission): Promise<CommentCreated> {
  const response = await api.post<ItemResponse<CommentCreated>>('/comments', { data: input });
  return response.data.data;
}
