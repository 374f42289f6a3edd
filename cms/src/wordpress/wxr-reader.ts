import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';

/*
 * Reads a WordPress eXtended RSS export (WXR 1.0 to 1.2, as « Outils → Exporter » writes it) as a
 * stream of authors, categories and items, one at a time: memory stays bounded by the largest item,
 * whatever the export's size. The XML parser is saxes, which knows only XML's five entities and
 * character references: it expands no declared entity and fetches nothing. A DOCTYPE (where entity
 * declarations live, the billion-laughs and external-entity attacks) is refused outright: WordPress
 * never writes one. Every refusal is a WxrError naming the problem and its line.
 */

export class WxrError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line})`);
    this.name = 'WxrError';
  }
}

export interface WxrChannel {
  title: string;
  link: string;
  wxrVersion: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
}

export interface WxrAuthor {
  id: string;
  login: string;
  email: string;
  displayName: string;
}

export interface WxrCategory {
  termId: string;
  slug: string;
  name: string;
  parentSlug: string;
  description: string;
}

export interface WxrComment {
  id: string;
  author: string;
  email: string;
  url: string;
  /** `comment_date_gmt`, in WordPress's `YYYY-MM-DD HH:MM:SS` (UTC). */
  dateGmt: string;
  date: string;
  content: string;
  /** `1`, `0`, `spam`, `trash`, `post-trashed`. */
  approved: string;
  /** Empty or `comment` for a comment; `pingback`, `trackback`… */
  type: string;
  parentId: string;
}

export interface WxrItem {
  /** The line of the export where the item starts, for reports. */
  line: number;
  title: string;
  link: string;
  postId: string;
  postName: string;
  postType: string;
  status: string;
  dateGmt: string;
  date: string;
  modifiedGmt: string;
  creator: string;
  content: string;
  excerpt: string;
  parentId: string;
  attachmentUrl: string;
  categories: { domain: string; slug: string; name: string }[];
  meta: Record<string, string>;
  comments: WxrComment[];
}

export type WxrEntry =
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'category'; category: WxrCategory }
  | { kind: 'item'; item: WxrItem }
  | { kind: 'end'; channel: WxrChannel };

const WP_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/$/;
/** No text of one element (a post's content) is read beyond this. */
const MAX_TEXT_CHARS = 8 * 1024 * 1024;

type Record_ = Record<string, string>;

const str = (record: Record_, key: string) => record[key] ?? '';

function toComment(record: Record_): WxrComment {
  return {
    id: str(record, 'wp:comment_id'),
    author: str(record, 'wp:comment_author'),
    email: str(record, 'wp:comment_author_email'),
    url: str(record, 'wp:comment_author_url'),
    dateGmt: str(record, 'wp:comment_date_gmt'),
    date: str(record, 'wp:comment_date'),
    content: str(record, 'wp:comment_content'),
    approved: str(record, 'wp:comment_approved'),
    type: str(record, 'wp:comment_type'),
    parentId: str(record, 'wp:comment_parent'),
  };
}

/**
 * The entries of the export at `file`, in document order, then `end` with the channel's facts.
 * Throws WxrError on the first problem: not XML, not a WXR, truncated, not UTF-8, a DOCTYPE.
 */
export async function* readWxr(file: string): AsyncGenerator<WxrEntry> {
  const parser = new SaxesParser({ position: true });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const ready: WxrEntry[] = [];
  const stack: string[] = [];
  const channel: Record_ = {};
  let text = '';
  let sawRoot = false;
  let firstChunk = true;
  let linesDecoded = 1;

  // The records being read: an author, a category, an item, one of its comments or meta entries.
  let author: Record_ | undefined;
  let category: Record_ | undefined;
  let item: (Record_ & { __line?: string }) | undefined;
  let itemCategories: WxrItem['categories'] = [];
  let itemMeta: Record_ = {};
  let itemComments: WxrComment[] = [];
  let comment: Record_ | undefined;
  let meta: Record_ | undefined;
  let categoryAttributes: { domain: string; slug: string } | undefined;

  const fail = (message: string): never => {
    throw new WxrError(message, parser.line);
  };

  parser.on('xmldecl', (declaration) => {
    const encoding = (declaration.encoding ?? 'UTF-8').toLowerCase();
    if (encoding !== 'utf-8' && encoding !== 'utf8') {
      fail(
        `the export declares the encoding ${declaration.encoding}; only UTF-8 is read (WordPress writes UTF-8)`,
      );
    }
  });
  parser.on('doctype', () =>
    fail('a DOCTYPE is not accepted in a WordPress export (entity declarations are never read)'),
  );

  parser.on('opentag', (tag) => {
    const { name } = tag;
    if (!sawRoot) {
      sawRoot = true;
      if (name !== 'rss') fail(`not a WordPress export: the root element is <${name}>, not <rss>`);
      const namespace = tag.attributes['xmlns:wp'];
      if (typeof namespace !== 'string' || !WP_NAMESPACE.test(namespace)) {
        fail('not a WordPress export: the <rss> element does not declare the WXR namespace (xmlns:wp)');
      }
    }
    const parent = stack[stack.length - 1];
    stack.push(name);
    text = '';
    if (stack.length === 3 && parent === 'channel') {
      if (name === 'wp:author') author = {};
      else if (name === 'wp:category') category = {};
      else if (name === 'item') {
        item = { __line: String(parser.line) };
        itemCategories = [];
        itemMeta = {};
        itemComments = [];
      }
    } else if (item && stack.length === 4) {
      if (name === 'wp:comment') comment = {};
      else if (name === 'wp:postmeta') meta = {};
      else if (name === 'category') {
        const attribute = (key: string) => {
          const value = tag.attributes[key];
          return typeof value === 'string' ? value : '';
        };
        categoryAttributes = { domain: attribute('domain'), slug: attribute('nicename') };
      }
    }
  });

  const addText = (chunk: string) => {
    if (text.length + chunk.length > MAX_TEXT_CHARS) fail('an element of the export is larger than 8 MB');
    text += chunk;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  parser.on('closetag', () => {
    const name = stack.pop()!;
    const depth = stack.length;
    const value = text;
    text = '';
    if (depth === 2 && stack[1] === 'channel') {
      if (name === 'wp:author' && author) {
        ready.push({
          kind: 'author',
          author: {
            id: str(author, 'wp:author_id'),
            login: str(author, 'wp:author_login'),
            email: str(author, 'wp:author_email'),
            displayName: str(author, 'wp:author_display_name') || str(author, 'wp:author_login'),
          },
        });
        author = undefined;
      } else if (name === 'wp:category' && category) {
        ready.push({
          kind: 'category',
          category: {
            termId: str(category, 'wp:term_id'),
            slug: str(category, 'wp:category_nicename'),
            name: str(category, 'wp:cat_name'),
            parentSlug: str(category, 'wp:category_parent'),
            description: str(category, 'wp:category_description'),
          },
        });
        category = undefined;
      } else if (name === 'item' && item) {
        ready.push({
          kind: 'item',
          item: {
            line: Number(item.__line),
            title: str(item, 'title'),
            link: str(item, 'link'),
            postId: str(item, 'wp:post_id'),
            postName: str(item, 'wp:post_name'),
            postType: str(item, 'wp:post_type'),
            status: str(item, 'wp:status'),
            dateGmt: str(item, 'wp:post_date_gmt'),
            date: str(item, 'wp:post_date'),
            modifiedGmt: str(item, 'wp:post_modified_gmt'),
            creator: str(item, 'dc:creator'),
            content: str(item, 'content:encoded'),
            excerpt: str(item, 'excerpt:encoded'),
            parentId: str(item, 'wp:post_parent'),
            attachmentUrl: str(item, 'wp:attachment_url'),
            categories: itemCategories,
            meta: itemMeta,
            comments: itemComments,
          },
        });
        item = undefined;
      } else {
        channel[name] = value;
      }
      return;
    }
    if (depth === 3 && author && name !== 'wp:author') author[name] = value;
    else if (depth === 3 && category) category[name] = value;
    else if (depth === 3 && item) {
      if (name === 'wp:comment' && comment) {
        itemComments.push(toComment(comment));
        comment = undefined;
      } else if (name === 'wp:postmeta' && meta) {
        if (meta['wp:meta_key']) itemMeta[meta['wp:meta_key']] = str(meta, 'wp:meta_value');
        meta = undefined;
      } else if (name === 'category' && categoryAttributes) {
        itemCategories.push({ ...categoryAttributes, name: value });
        categoryAttributes = undefined;
      } else {
        item[name] = value;
      }
    } else if (depth === 4 && comment) comment[name] = value;
    else if (depth === 4 && meta) meta[name] = value;
  });

  const write = (chunk: string) => {
    try {
      parser.write(chunk);
    } catch (error) {
      if (error instanceof WxrError) throw error;
      // saxes: "line:column: message".
      const message = String((error as Error).message).replace(/^\d+:\d+: /, '');
      throw new WxrError(`not well-formed XML: ${message}`, parser.line);
    }
  };

  for await (const raw of createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    let bytes = raw;
    if (firstChunk) {
      firstChunk = false;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new WxrError('the export is in UTF-16; only UTF-8 is read (WordPress writes UTF-8)', 1);
      }
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    let decoded: string;
    try {
      decoded = decoder.decode(bytes, { stream: true });
    } catch {
      const lossy = new TextDecoder('utf-8').decode(bytes);
      const before = lossy.slice(0, Math.max(0, lossy.indexOf('\uFFFD')));
      throw new WxrError(
        'the export is not valid UTF-8 (saved in another encoding?)',
        linesDecoded + count(before),
      );
    }
    linesDecoded += count(decoded);
    write(decoded);
    yield* ready.splice(0);
  }
  try {
    write(decoder.decode());
  } catch (error) {
    if (error instanceof WxrError) throw error;
    throw new WxrError('the export ends in the middle of a character (truncated?)', linesDecoded);
  }
  try {
    parser.close();
  } catch (error) {
    const message = String((error as Error).message).replace(/^\d+:\d+: /, '');
    throw new WxrError(`the export is truncated or not well-formed XML: ${message}`, parser.line);
  }
  if (!sawRoot) throw new WxrError('the file is empty', 1);
  yield* ready.splice(0);
  if (!channel['wp:wxr_version']) {
    throw new WxrError('not a WordPress export: no <wp:wxr_version> in the channel', parser.line);
  }
  yield {
    kind: 'end',
    channel: {
      title: str(channel, 'title'),
      link: str(channel, 'link'),
      wxrVersion: str(channel, 'wp:wxr_version'),
      baseSiteUrl: str(channel, 'wp:base_site_url'),
      baseBlogUrl: str(channel, 'wp:base_blog_url') || str(channel, 'wp:base_site_url'),
    },
  };
}

function count(text: string): number {
  let lines = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines += 1;
  return lines;
}
