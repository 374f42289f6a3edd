/**
 * REST payloads exchanged between the Kiosque CMS and the reader SPA.
 * Strapi 5 answers `{ data, meta }` with flattened documents (no `attributes`), keyed by `documentId`.
 */

/** Where a community group lives: a WhatsApp group, a WhatsApp channel or Telegram (group or channel). */
export type CommunityPlatform = 'whatsapp_group' | 'whatsapp_channel' | 'telegram';

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'rejected';

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

/** One of the smaller copies Strapi derives from an uploaded image (thumbnail, small, medium, large). */
export interface MediaFormat {
  url: string;
  width: number;
  height: number;
}

export interface MediaFile {
  url: string;
  alternativeText: string | null;
  width: number | null;
  height: number | null;
  /** Absent for images too small to be resized, and for files other than images. */
  formats?: Record<string, MediaFormat> | null;
}

/** A category as cards and links show it. */
export interface CategoryRef {
  documentId: string;
  name: string;
  slug: string;
}

/** A category as its page shows it. */
export interface Category extends CategoryRef {
  description: string | null;
}

/** Who signs an article, as cards show it. */
export interface AuthorRef {
  documentId: string;
  name: string;
  slug: string;
}

/** Who signs an article, as the article page shows it. */
export interface Author extends AuthorRef {
  bio: string | null;
  avatar: MediaFile | null;
}

/** What search engines and link previews show; each empty field falls back to the article's own. */
export interface Seo {
  metaTitle: string | null;
  metaDescription: string | null;
  shareImage: MediaFile | null;
  canonicalUrl: string | null;
}

/** Longest SEO description, as the CMS enforces it (what search results show uncut). */
export const SEO_DESCRIPTION_MAX_LENGTH = 160;

/** An article as cards show it (home, category pages, search, related articles). */
export interface ArticleSummary {
  documentId: string;
  title: string;
  slug: string;
  excerpt: string;
  category: CategoryRef | null;
  author: AuthorRef | null;
  /** Minutes, computed by the CMS from the body on every save. */
  readingTime: number;
  publishedAt: string;
  cover: MediaFile | null;
  /** Approved comments, replies included. */
  commentCount: number;
}

/** An article as its page shows it. */
export interface Article extends Omit<ArticleSummary, 'category' | 'author'> {
  category: Category | null;
  author: Author | null;
  seo: Seo | null;
  body: BlocksContent;
  /** The editor's switch only; `commentsOpen` is what the form must follow. */
  commentsClosed: boolean;
  /** False when the editor closed comments or the article is older than the site's limit. */
  commentsOpen: boolean;
}

/**
 * A join invitation as the article page shows it. When the group an article targets is full, this is
 * the group that takes over from it, so `documentId` and `inviteUrl` always lead somewhere with room.
 */
export interface CommunityGroup {
  documentId: string;
  name: string;
  platform: CommunityPlatform;
  inviteUrl: string;
  headline: string;
  buttonLabel: string;
  /**
   * A second headline and button label to test against the first (copy variant B), both set or
   * neither: the site shows each view one of the two at random.
   */
  variantB?: { headline: string; buttonLabel: string };
  description: string;
  displayOrder: number;
}

/** Replies nest this deep at most; a reply to the deepest level joins that level. */
export const MAX_COMMENT_DEPTH = 3;

/** A comment as any public endpoint returns it: never the e-mail, IP or user agent. */
export interface PublicComment {
  documentId: string;
  authorName: string;
  authorWebsite: string | null;
  content: string;
  createdAt: string;
  /** The comment this one answers; null at the top of a thread. */
  parentDocumentId: string | null;
  /** 1 for a top-level comment, up to MAX_COMMENT_DEPTH. */
  depth: number;
  /** Written by the editorial team from the admin (shown with a « Rédaction » badge). */
  editorial: boolean;
}

/** A comment with its approved replies, oldest first, nested up to MAX_COMMENT_DEPTH. */
export interface CommentThread extends PublicComment {
  replies: CommentThread[];
}

export type CommentSort = 'newest' | 'oldest';

export const COMMENT_SORTS: readonly CommentSort[] = ['newest', 'oldest'];

/**
 * `GET /api/articles/:documentId/comments?sort=newest&page=1&pageSize=20`: a page of top-level
 * threads; `pagination` counts threads, `total` counts every approved comment of the article.
 */
export interface CommentThreadsResponse {
  data: CommentThread[];
  meta: { pagination: Pagination; total: number; sort: CommentSort };
}

/** What the comment form sends. */
export interface CommentInput {
  article: string;
  authorName: string;
  authorEmail: string;
  content: string;
  /** Optional http(s) address shown as the author's link. */
  authorWebsite?: string;
  /** documentId of the comment this one answers. */
  parent?: string;
  /**
   * A random secret the reader's browser keeps with their remembered details. An approved comment
   * makes the pair (e-mail, key) a known commenter: the e-mail alone, which anyone may know or guess,
   * never publishes a comment at once.
   */
  authorKey?: string;
  /**
   * « Prévenez-moi des réponses par e-mail »: the reader asks to be mailed when a reply to this
   * comment is approved (after confirming the address once). Off unless ticked.
   */
  notifyReplies?: boolean;
  /**
   * « Prévenez-moi quand mon commentaire est publié »: the reader asks for one mail when an editor
   * approves this comment, if it was held (the same confirmed address as for replies). Off unless ticked.
   */
  notifyPublished?: boolean;
}

/**
 * A field people never see (hidden off-screen by the form) and bots fill in. A comment that fills it
 * is accepted with the usual answer and stored as spam, so the bot learns nothing.
 */
export const COMMENT_HONEYPOT_FIELD = 'company';

/** What the CMS answers to an accepted comment. */
export interface CommentCreated {
  documentId: string;
  status: CommentStatus;
  /** A French sentence the form shows as is. */
  message: string;
}

/** How many threads a page of comments holds, on the article page and under « Afficher plus ». */
export const COMMENTS_PAGE_SIZE = 20;

/** The order the article page first shows its comments in. */
export const DEFAULT_COMMENT_SORT: CommentSort = 'oldest';

/**
 * Everything the article page shows, in one answer: `GET /api/pages/article/:slug`. Each part is
 * exactly what its own endpoint answers: the article as `GET /api/articles/slug/:slug`, the groups as
 * `GET /api/community-groups?article=:slug`, and the comments as the first page of
 * `GET /api/articles/:documentId/comments?sort=oldest&pageSize=20`.
 */
export interface ArticlePageData {
  article: Article;
  groups: CommunityGroup[];
  comments: CommentThreadsResponse;
  /** The newest other articles of the same category (none without a category). */
  related: ArticleSummary[];
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

/** Which version of an article a draft preview shows (the content manager's draft and published tabs). */
export type PreviewStatus = 'draft' | 'published';

/**
 * An article as its preview shows it: a draft has no publication date, and a preview shows neither
 * comments nor their count.
 */
export interface ArticlePreview extends Omit<Article, 'publishedAt' | 'commentCount' | 'commentsOpen'> {
  publishedAt: string | null;
  updatedAt: string;
}

/**
 * `GET /api/previews/articles/:documentId` with `X-Preview-Token`: one version of an article, draft
 * included, and the groups its page would offer; never any comments nor related articles.
 */
export interface ArticlePreviewResponse {
  data: Pick<ArticlePageData, 'groups'> & { article: ArticlePreview };
  meta: { status: PreviewStatus };
}
