/**
 * REST payloads exchanged between the Kiosque CMS and the reader SPA.
 * Strapi 5 answers `{ data, meta }` with flattened documents (no `attributes`), keyed by `documentId`.
 */

export type CommunityPlatform = 'whatsapp' | 'telegram';

export const COMMUNITY_PLATFORMS: readonly CommunityPlatform[] = ['whatsapp', 'telegram'];

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'rejected';

export const COMMENT_STATUSES: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'rejected'];

/** Inline text of a Strapi "blocks" rich-text field. */
export interface BlocksTextNode {
  type: 'text';
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  code?: boolean;
}

export interface BlocksLinkNode {
  type: 'link';
  url: string;
  children: BlocksTextNode[];
}

export type BlocksInlineNode = BlocksTextNode | BlocksLinkNode;

export interface BlocksListItemNode {
  type: 'list-item';
  children: BlocksInlineNode[];
}

export type BlocksNode =
  | { type: 'paragraph'; children: BlocksInlineNode[] }
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: BlocksInlineNode[] }
  | { type: 'quote'; children: BlocksInlineNode[] }
  | { type: 'code'; children: BlocksTextNode[] }
  | { type: 'list'; format: 'ordered' | 'unordered'; children: (BlocksListItemNode | BlocksListNode)[] }
  | {
      type: 'image';
      image: { url: string; alternativeText?: string | null; width?: number; height?: number };
      children: BlocksTextNode[];
    };

export type BlocksListNode = Extract<BlocksNode, { type: 'list' }>;

export type BlocksContent = BlocksNode[];

export interface MediaFile {
  url: string;
  alternativeText: string | null;
  width: number | null;
  height: number | null;
}

/** An article as the home list shows it. */
export interface ArticleSummary {
  documentId: string;
  title: string;
  slug: string;
  excerpt: string;
  category: string;
  authorName: string;
  publishedAt: string;
  cover: MediaFile | null;
}

/** An article as its page shows it. */
export interface Article extends ArticleSummary {
  body: BlocksContent;
  commentsClosed: boolean;
}

export interface CommunityGroup {
  documentId: string;
  name: string;
  platform: CommunityPlatform;
  inviteUrl: string;
  headline: string;
  buttonLabel: string;
  description: string;
  displayOrder: number;
}

/** A comment as any public endpoint returns it: never the e-mail. */
export interface PublicComment {
  documentId: string;
  authorName: string;
  content: string;
  createdAt: string;
}

/** What the comment form sends. */
export interface CommentInput {
  article: string;
  authorName: string;
  authorEmail: string;
  content: string;
}

/** What the CMS answers to an accepted comment. */
export interface CommentCreated {
  documentId: string;
  status: CommentStatus;
  /** A French sentence the form shows as is. */
  message: string;
}

/** How many comments a page of comments holds, on the article page and in the comment list. */
export const COMMENTS_PAGE_SIZE = 50;

/** Everything the article page shows, in one answer: `GET /api/pages/article/:slug`. */
export interface ArticlePageData {
  article: Article;
  groups: CommunityGroup[];
  /** The first page of approved comments, oldest first; the next pages come from `/api/comments`. */
  comments: ListResponse<PublicComment>;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface ListResponse<T> {
  data: T[];
  meta: { pagination?: Pagination };
}

export interface ItemResponse<T> {
  data: T;
  meta: Record<string, unknown>;
}

/** Strapi's error envelope; `details.errors` carries one message per field. */
export interface ApiErrorBody {
  data: null;
  error: {
    status: number;
    name: string;
    message: string;
    details?: { errors?: FieldErrorDetail[] };
  };
}

export interface FieldErrorDetail {
  path: string[];
  message: string;
  name?: string;
}
