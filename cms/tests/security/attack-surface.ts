import type { HostileWorld } from './hostile-world';

/**
 * What an anonymous attacker can reach and what they send, as tables: every public GET endpoint
 * (cms/src/bootstrap/permissions.ts PUBLIC_ACTIONS) is crossed with every attack. Adding an endpoint
 * or an attack is one line.
 */

export interface PublicEndpoint {
  name: string;
  /** The address, which may already carry its own query string. */
  path: (world: HostileWorld) => string;
  headers?: (world: HostileWorld) => Record<string, string>;
}

/** An id and a slug shaped like real ones that name nothing. */
export const UNKNOWN_DOCUMENT_ID = 'zzzzzzzzzzzzzzzzzzzzzzzz';
export const UNKNOWN_SLUG = 'article-qui-n-existe-pas-0000';

export const PUBLIC_ENDPOINTS: PublicEndpoint[] = [
  { name: 'GET /api/articles', path: () => '/api/articles' },
  { name: 'GET /api/articles/:documentId', path: (w) => `/api/articles/${w.published.documentId}` },
  {
    name: 'GET /api/articles/:documentId (a draft is being rewritten)',
    path: (w) => `/api/articles/${w.rewritten.documentId}`,
  },
  { name: 'GET /api/articles/slug/:slug', path: (w) => `/api/articles/slug/${w.rewritten.slug}` },
  { name: 'GET /api/pages/article/:slug', path: (w) => `/api/pages/article/${w.rewritten.slug}` },
  { name: 'GET /api/categories', path: () => '/api/categories' },
  { name: 'GET /api/categories/:documentId', path: (w) => `/api/categories/${w.category.documentId}` },
  { name: 'GET /api/authors', path: () => '/api/authors' },
  { name: 'GET /api/authors/:documentId', path: (w) => `/api/authors/${w.author.documentId}` },
  { name: 'GET /api/community-groups', path: () => '/api/community-groups' },
  {
    name: 'GET /api/community-groups?article=:slug',
    path: (w) => `/api/community-groups?article=${w.published.slug}`,
  },
  { name: 'GET /api/comments', path: () => '/api/comments' },
  {
    name: 'GET /api/comments?filters[article][documentId][$eq]=:documentId',
    path: (w) => `/api/comments?filters[article][documentId][$eq]=${w.published.documentId}`,
  },
  {
    name: 'GET /api/articles/:documentId/comments',
    path: (w) => `/api/articles/${w.published.documentId}/comments`,
  },
  { name: 'GET /api/feeds/rss.xml', path: () => '/api/feeds/rss.xml' },
  { name: 'GET /api/feeds/sitemap.xml', path: () => '/api/feeds/sitemap.xml' },
  { name: 'GET /api/redirects', path: () => '/api/redirects' },
  {
    name: 'GET /api/previews/articles/:documentId without a token',
    path: (w) => `/api/previews/articles/${w.draft.documentId}`,
  },
  {
    name: 'GET /api/previews/articles/:documentId with the token of another article',
    path: (w) => `/api/previews/articles/${w.draft.documentId}`,
    headers: (w) => ({ 'X-Preview-Token': w.previewToken }),
  },
  {
    name: 'GET /api/previews/articles/:documentId with its own valid token',
    path: (w) => `/api/previews/articles/${w.published.documentId}`,
    headers: (w) => ({ 'X-Preview-Token': w.previewToken }),
  },
];

/**
 * One attack: two query strings that differ only in a guess about a secret. A right guess and a
 * wrong one must get the same answer, or the answer is an oracle for the secret.
 */
export interface GuessAttack {
  /** What the test checks, as its name says it. */
  name: string;
  query: (guess: string) => string;
  /** The right guess first, then a wrong one of the same shape. */
  guesses: (world: HostileWorld) => [right: string, wrong: string];
  /** What the two guesses are, in the test's name (a right and a wrong guess unless told). */
  pair?: string;
}

const e = encodeURIComponent;
/** The same text with its first character changed: same length, never a match. */
const wrong = (secret: string) => `${secret[0] === 'a' ? 'b' : 'a'}${secret.slice(1)}`;
const localPart = (email: string) => email.slice(0, email.indexOf('@'));
const guess =
  (right: (world: HostileWorld) => string) =>
  (world: HostileWorld): [string, string] => [right(world), wrong(right(world))];
const directions = (): [string, string] => ['asc', 'desc'];
const BOTH_DIRECTIONS = 'ascending and descending';

export const GUESS_ATTACKS: GuessAttack[] = [
  // A comment's private fields, directly and nested in logical operators.
  {
    name: 'a filter on a commenter’s e-mail',
    query: (g) => `filters[authorEmail][$eq]=${e(g)}`,
    guesses: guess((w) => w.commenter.email),
  },
  {
    name: 'a case-insensitive filter on part of a commenter’s e-mail',
    query: (g) => `filters[authorEmail][$containsi]=${e(g)}`,
    guesses: guess((w) => localPart(w.commenter.email).toUpperCase()),
  },
  {
    name: 'a prefix filter on a commenter’s e-mail nested in $and and $or',
    query: (g) =>
      `filters[$and][0][$or][0][authorEmail][$startsWith]=${e(g)}&filters[$and][0][$or][1][id][$lt]=0`,
    guesses: guess((w) => w.commenter.email.slice(0, 9)),
  },
  {
    name: 'a $not on a commenter’s e-mail',
    query: (g) => `filters[$not][authorEmail][$ne]=${e(g)}`,
    guesses: guess((w) => w.commenter.email),
  },
  {
    name: 'a filter on the e-mail of a pending comment’s author',
    query: (g) => `filters[authorEmail][$eq]=${e(g)}`,
    guesses: guess((w) => w.pendingComment.email),
  },
  {
    name: 'a filter on a pending comment’s text',
    query: (g) => `filters[content][$eq]=${e(g)}`,
    guesses: guess((w) => w.pendingComment.content),
  },
  {
    name: 'a prefix filter on two hex digits of a commenter’s IP hash',
    query: (g) => `filters[ipHash][$startsWith]=${e(g)}`,
    guesses: guess((w) => w.commenter.ipHash.slice(0, 2)),
  },
  {
    name: 'a range filter ($lt) on a commenter’s IP hash',
    query: (g) => `filters[ipHash][$lt]=${e(g)}`,
    // Every hex hash sorts before "g" and none before "0".
    guesses: () => ['g', '0'],
  },
  {
    name: 'a filter on a commenter’s whole IP hash',
    query: (g) => `filters[ipHash][$eq]=${e(g)}`,
    guesses: guess((w) => w.commenter.ipHash),
  },
  {
    name: 'a filter on a commenter’s user agent',
    query: (g) => `filters[userAgent][$containsi]=${e(g)}`,
    guesses: guess((w) => w.commenter.userAgent),
  },
  {
    name: 'a filter on a comment’s idempotency key',
    query: (g) => `filters[idempotencyKey][$eq]=${e(g)}`,
    guesses: guess((w) => w.commenter.idempotencyKey),
  },
  {
    name: 'a full-text search (_q) for a commenter’s e-mail',
    query: (g) => `_q=${e(g)}`,
    guesses: guess((w) => w.commenter.email),
  },
  // Relations into articles that readers may not see.
  {
    name: 'a filter through a comment’s article on a draft’s title',
    query: (g) => `filters[article][title][$startsWith]=${e(g)}`,
    guesses: guess((w) => w.draft.title),
  },
  {
    name: 'a filter through a comment’s article on an unpublished article’s documentId',
    query: (g) => `filters[article][publishedAt][$null]=true&filters[article][documentId][$eq]=${e(g)}`,
    guesses: guess((w) => w.draft.documentId),
  },
  {
    name: 'a filter through a comment’s article on a retired article’s title',
    query: (g) => `filters[article][title][$eq]=${e(g)}`,
    guesses: guess((w) => w.retired.title),
  },
  {
    name: 'a filter through a comment’s article on its author',
    query: (g) => `filters[article][createdBy][email][$eq]=${e(g)}`,
    guesses: guess((w) => w.admin.email),
  },
  // Drafts and the draft versions of published articles.
  {
    name: 'a filter on a draft’s title',
    query: (g) => `filters[title][$eq]=${e(g)}`,
    guesses: guess((w) => w.draft.title),
  },
  {
    name: 'a filter on the title of a published article’s rewritten draft',
    query: (g) => `filters[title][$startsWith]=${e(g)}`,
    guesses: guess((w) => w.rewritten.draftTitle),
  },
  {
    name: 'a filter on a draft’s title asking for drafts (status=draft)',
    query: (g) => `status=draft&filters[title][$eq]=${e(g)}`,
    guesses: guess((w) => w.draft.title),
  },
  {
    name: 'a filter on a never-published draft’s slug (status=draft&hasPublishedVersion=false)',
    query: (g) => `status=draft&hasPublishedVersion=false&filters[slug][$eq]=${e(g)}`,
    guesses: guess((w) => w.draft.slug),
  },
  {
    name: 'a filter on a draft’s slug where publishedAt is null',
    query: (g) => `filters[publishedAt][$null]=true&filters[slug][$eq]=${e(g)}`,
    guesses: guess((w) => w.draft.slug),
  },
  {
    name: 'a filter on a draft’s documentId in every locale',
    query: (g) => `locale=*&filters[documentId][$eq]=${e(g)}`,
    guesses: (w) => [w.draft.documentId, UNKNOWN_DOCUMENT_ID],
  },
  {
    name: 'a filter on a draft’s row id where publishedAt is null',
    query: (g) => `filters[publishedAt][$null]=true&filters[id][$eq]=${e(g)}`,
    guesses: (w) => [String(w.draft.rowId), '987654321'],
  },
  {
    name: 'a filter through localizations on a rewritten draft’s title',
    query: (g) => `filters[localizations][title][$eq]=${e(g)}`,
    guesses: guess((w) => w.rewritten.draftTitle),
  },
  {
    name: 'a full-text search (_q) for a draft’s title',
    query: (g) => `_q=${e(g)}`,
    guesses: guess((w) => w.draft.title),
  },
  // The administrators behind createdBy and updatedBy.
  {
    name: 'a filter on the e-mail of the administrator who wrote it (createdBy)',
    query: (g) => `filters[createdBy][email][$eq]=${e(g)}`,
    guesses: guess((w) => w.admin.email),
  },
  {
    name: 'a case-insensitive filter on the e-mail of the administrator who last saved it (updatedBy)',
    query: (g) => `filters[updatedBy][email][$containsi]=${e(g)}`,
    guesses: guess((w) => localPart(w.admin.email)),
  },
  {
    name: 'a prefix filter on the administrator’s password hash',
    query: (g) => `filters[createdBy][password][$startsWith]=${e(g)}`,
    guesses: guess((w) => w.admin.passwordHash.slice(0, 7)),
  },
  {
    name: 'a range filter ($lt) on the administrator’s password hash',
    query: (g) => `filters[updatedBy][password][$lt]=${e(g)}`,
    // Every bcrypt hash starts with "$2": it sorts before "$3" and after "$1".
    guesses: () => ['$3', '$1'],
  },
  {
    name: 'a prefix filter on the administrator’s reset-password token',
    query: (g) => `filters[createdBy][resetPasswordToken][$startsWith]=${e(g)}`,
    guesses: guess((w) => w.admin.resetPasswordToken.slice(0, 4)),
  },
  {
    name: 'a filter on the administrator’s registration token',
    query: (g) => `filters[createdBy][registrationToken][$eq]=${e(g)}`,
    guesses: guess((w) => w.admin.registrationToken),
  },
  {
    name: 'a filter on the administrator’s role',
    query: (g) => `filters[createdBy][roles][code][$eq]=${e(g)}`,
    guesses: () => ['strapi-super-admin', 'strapi-nobody-role'],
  },
  {
    name: 'a filter on the administrator’s id',
    query: (g) => `filters[createdBy][id][$eq]=${e(g)}`,
    guesses: (w) => [String(w.admin.id), '987654321'],
  },
  {
    name: 'a filter through the category on the administrator’s e-mail',
    query: (g) => `filters[category][createdBy][email][$eq]=${e(g)}`,
    guesses: guess((w) => w.admin.email),
  },
  {
    name: 'a filter on the administrator’s e-mail nested in $and, $or and $not',
    query: (g) => `filters[$and][0][$or][0][$not][createdBy][email][$ne]=${e(g)}`,
    guesses: guess((w) => w.admin.email),
  },
  {
    name: 'a filter on the administrator’s e-mail inside a populate',
    query: (g) => `populate[author][filters][createdBy][email][$eq]=${e(g)}`,
    guesses: guess((w) => w.admin.email),
  },
  {
    name: 'a full-text search (_q) for the administrator’s e-mail',
    query: (g) => `_q=${e(g)}`,
    guesses: guess((w) => w.admin.email),
  },
  // A sort is an oracle too: ascending and descending orders of a private value must not differ.
  {
    name: 'a sort on commenters’ e-mails',
    query: (direction) => `sort=authorEmail:${direction}`,
    guesses: directions,
    pair: BOTH_DIRECTIONS,
  },
  {
    name: 'a sort on commenters’ IP hashes (sort[0])',
    query: (direction) => `sort[0]=ipHash:${direction}`,
    guesses: directions,
    pair: BOTH_DIRECTIONS,
  },
  {
    name: 'a sort on the administrator’s e-mail (sort[0]=createdBy.email)',
    query: (direction) => `sort[0]=createdBy.email:${direction}`,
    guesses: directions,
    pair: BOTH_DIRECTIONS,
  },
  {
    name: 'a sort on who last saved it (updatedBy.id)',
    query: (direction) => `sort=updatedBy.id:${direction}`,
    guesses: directions,
    pair: BOTH_DIRECTIONS,
  },
  {
    name: 'a sort on a comment’s article’s title',
    query: (direction) => `sort=article.title:${direction}`,
    guesses: directions,
    pair: BOTH_DIRECTIONS,
  },
];

/** Queries that try to make an answer carry private fields; none may. */
export const EXPOSURE_QUERIES: { name: string; query: string }[] = [
  { name: 'no query at all', query: '' },
  { name: 'populate=*', query: 'populate=*' },
  { name: 'populate=* asking for drafts', query: 'status=draft&populate=*' },
  { name: 'populate[createdBy]=*', query: 'populate[createdBy]=*' },
  {
    name: 'populate[0]=createdBy&populate[1]=updatedBy',
    query: 'populate[0]=createdBy&populate[1]=updatedBy',
  },
  { name: 'the administrator’s fields by populate', query: 'populate[updatedBy][fields][0]=email' },
  { name: 'the administrator’s roles by populate', query: 'populate[createdBy][populate][roles]=*' },
  { name: 'fields[0]=authorEmail', query: 'fields[0]=authorEmail&fields[1]=ipHash&fields[2]=userAgent' },
  { name: 'fields[0]=idempotencyKey', query: 'fields[0]=idempotencyKey' },
  { name: 'fields[0]=createdBy', query: 'fields[0]=createdBy' },
  { name: 'populate[article]=*', query: 'populate[article]=*' },
  { name: 'populate[article][populate]=*', query: 'populate[article][populate]=*' },
  { name: 'the files’ related entries', query: 'populate[cover][populate][related]=*' },
  { name: 'the avatars’ related entries', query: 'populate[author][populate][avatar][populate][related]=*' },
  { name: 'status=draft', query: 'status=draft' },
  { name: 'status=draft&hasPublishedVersion=false', query: 'status=draft&hasPublishedVersion=false' },
  { name: 'status=draft with the largest page', query: 'status=draft&pagination[pageSize]=100' },
  { name: 'every locale (locale=*)', query: 'locale=*' },
  { name: 'publicationState=preview (Strapi 4)', query: 'publicationState=preview' },
  { name: 'every moderation status', query: 'filters[moderationStatus][$ne]=approved' },
  { name: 'published=false', query: 'status=draft&filters[publishedAt][$null]=true' },
  // Values of the wrong type: PostgreSQL refuses to compare them, which must not become a 500.
  { name: 'letters for a number field', query: 'filters[readingTime][$gt]=abc' },
  { name: 'letters for a comment’s depth', query: 'filters[depth][$gt]=abc' },
  { name: 'letters for a row id', query: 'filters[id][$gt]=abc' },
  { name: 'letters in a list of row ids', query: 'filters[id][$in][0]=x' },
  { name: 'a word for a boolean field', query: 'filters[commentsClosed][$eq]=peut-etre' },
  { name: 'letters for a creation date', query: 'filters[createdAt][$gt]=abc' },
  { name: 'a date filter with no date', query: 'filters[publishedAt][$lt]=pas-une-date' },
  {
    name: 'a negative page and a page size in letters',
    query: 'pagination[page]=-1&pagination[pageSize]=abc',
  },
  { name: 'a sort in an unknown direction', query: 'sort=title:sideways' },
  {
    name: 'a LIKE wildcard as a prefix',
    query: 'filters[title][$startsWith]=%25&filters[slug][$endsWith]=_',
  },
];

/** Two addresses that differ only in whether they name something a reader may not see. */
export interface PathOracle {
  name: string;
  paths: (world: HostileWorld) => [secret: string, unknown: string];
  headers?: (world: HostileWorld) => Record<string, string>;
}

export const PATH_ORACLES: PathOracle[] = [
  {
    name: 'GET /api/articles/:documentId answers a draft’s id as an unknown id',
    paths: (w) => [`/api/articles/${w.draft.documentId}`, `/api/articles/${UNKNOWN_DOCUMENT_ID}`],
  },
  {
    name: 'GET /api/articles/:documentId?status=draft answers a draft’s id as an unknown id',
    paths: (w) => [
      `/api/articles/${w.draft.documentId}?status=draft`,
      `/api/articles/${UNKNOWN_DOCUMENT_ID}?status=draft`,
    ],
  },
  {
    name: 'GET /api/articles/:documentId answers a retired article’s id as an unknown id',
    paths: (w) => [`/api/articles/${w.retired.documentId}`, `/api/articles/${UNKNOWN_DOCUMENT_ID}`],
  },
  {
    name: 'GET /api/articles/slug/:slug answers a draft’s slug as an unknown slug',
    paths: (w) => [`/api/articles/slug/${w.draft.slug}`, `/api/articles/slug/${UNKNOWN_SLUG}`],
  },
  {
    name: 'GET /api/pages/article/:slug answers a draft’s slug as an unknown slug',
    paths: (w) => [`/api/pages/article/${w.draft.slug}`, `/api/pages/article/${UNKNOWN_SLUG}`],
  },
  {
    name: 'GET /api/pages/article/:slug answers a retired article’s slug as an unknown slug',
    paths: (w) => [`/api/pages/article/${w.retired.slug}`, `/api/pages/article/${UNKNOWN_SLUG}`],
  },
  {
    name: 'GET /api/articles/:documentId/comments answers a draft’s id as an unknown id',
    paths: (w) => [
      `/api/articles/${w.draft.documentId}/comments`,
      `/api/articles/${UNKNOWN_DOCUMENT_ID}/comments`,
    ],
  },
  {
    name: 'GET /api/articles/:documentId/comments answers a retired article’s id as an unknown id',
    paths: (w) => [
      `/api/articles/${w.retired.documentId}/comments`,
      `/api/articles/${UNKNOWN_DOCUMENT_ID}/comments`,
    ],
  },
  {
    name: 'GET /api/comments answers a filter on a draft’s id as one on an unknown id',
    paths: (w) => [
      `/api/comments?filters[article][documentId][$eq]=${w.draft.documentId}`,
      `/api/comments?filters[article][documentId][$eq]=${UNKNOWN_DOCUMENT_ID}`,
    ],
  },
  {
    name: 'GET /api/comments answers a filter on a retired article’s id as one on an unknown id',
    paths: (w) => [
      `/api/comments?filters[article][documentId][$eq]=${w.retired.documentId}`,
      `/api/comments?filters[article][documentId][$eq]=${UNKNOWN_DOCUMENT_ID}`,
    ],
  },
  {
    name: 'GET /api/community-groups?article= answers a draft’s slug as an unknown slug',
    paths: (w) => [
      `/api/community-groups?article=${w.draft.slug}`,
      `/api/community-groups?article=${UNKNOWN_SLUG}`,
    ],
  },
  {
    name: 'GET /api/community-groups?article= answers a draft’s id as an unknown id',
    paths: (w) => [
      `/api/community-groups?article=${w.draft.documentId}`,
      `/api/community-groups?article=${UNKNOWN_DOCUMENT_ID}`,
    ],
  },
  {
    name: 'GET /api/previews/articles/:documentId without a token answers a draft’s id as an unknown id',
    paths: (w) => [
      `/api/previews/articles/${w.draft.documentId}`,
      `/api/previews/articles/${UNKNOWN_DOCUMENT_ID}`,
    ],
  },
  {
    name: 'GET /api/previews/articles/:documentId with another article’s token answers a draft’s id as an unknown id',
    paths: (w) => [
      `/api/previews/articles/${w.draft.documentId}?status=draft`,
      `/api/previews/articles/${UNKNOWN_DOCUMENT_ID}?status=draft`,
    ],
    headers: (w) => ({ 'X-Preview-Token': w.previewToken }),
  },
  {
    name: 'GET /api/go/:groupDocumentId answers an inactive group as an unknown one',
    paths: (w) => [`/api/go/${w.inactiveGroup.documentId}`, `/api/go/${UNKNOWN_DOCUMENT_ID}`],
  },
];

/** Keys that no public answer may carry, whatever their value. */
export const PRIVATE_KEYS = new Set([
  'createdBy',
  'updatedBy',
  'authorEmail',
  'ipHash',
  'userAgent',
  'idempotencyKey',
  'email',
  'password',
  'resetPasswordToken',
  'registrationToken',
  'folderPath',
  'localizations',
]);

export function withQuery(path: string, query: string): string {
  if (query === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}
