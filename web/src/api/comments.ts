import {
  COMMENTS_PAGE_SIZE,
  DEFAULT_COMMENT_SORT,
  type COMMENT_HONEYPOT_FIELD,
  type CommentCreated,
  type CommentInput,
  type CommentSort,
  type CommentThreadsResponse,
  type ItemResponse,
} from '@kiosque/shared';
import { ApiError, api, toApiError } from './client';

// One definition with the CMS: the article page's first comments come with the article at this size.
export { COMMENTS_PAGE_SIZE, DEFAULT_COMMENT_SORT };

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

/** How long to wait before each automatic retry of a comment whose outcome is unknown. */
export const COMMENT_RETRY_DELAYS_MS: readonly number[] = [500, 1500, 3000];

/** What the reader is told once every attempt failed without an answer that settles the outcome. */
export const COMMENT_NOT_CONFIRMED_MESSAGE =
  'Votre commentaire n’a pas pu être confirmé. Vous pouvez le renvoyer sans risque de doublon.';

export interface CreateCommentOptions {
  /**
   * Names the submission: the CMS stores a comment once per key and answers a repeated key with its
   * original answer. The form makes it (it knows when the reader sends the same thing again) and keeps
   * it while resending the same submission.
   */
  idempotencyKey: string;
  /** The wait before each retry; as many retries as delays. */
  retryDelays?: readonly number[];
  /** Waits that long; tests pass one that does not. */
  wait?: (ms: number) => Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether the CMS may not have received or answered the request: no answer at all (network, timeout)
 * or a server or gateway failure. Any 4xx is the CMS's final answer about this submission.
 */
export function isTransientFailure(error: ApiError): boolean {
  return error.status === null || error.status >= 500;
}

/**
 * Posts a reader's comment; the CMS decides whether it is published at once or moderated first.
 * Every attempt carries the same Idempotency-Key, so retrying after an unknown outcome never stores
 * the comment twice. Rejects with the CMS's ApiError for a final answer, or with
 * {@link COMMENT_NOT_CONFIRMED_MESSAGE} once the retries are spent.
 */
export async function createComment(
  input: CommentSubmission,
  { idempotencyKey, retryDelays = COMMENT_RETRY_DELAYS_MS, wait = sleep }: CreateCommentOptions,
): Promise<CommentCreated> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await api.post<ItemResponse<CommentCreated>>(
        '/comments',
        { data: input },
        { headers: { 'Idempotency-Key': idempotencyKey } },
      );
      return response.data.data;
    } catch (caught) {
      const error = toApiError(caught);
      if (!isTransientFailure(error)) throw error;
      const delay = retryDelays[attempt];
      if (delay === undefined) throw new ApiError(error.status, COMMENT_NOT_CONFIRMED_MESSAGE);
      await wait(delay);
    }
  }
}
