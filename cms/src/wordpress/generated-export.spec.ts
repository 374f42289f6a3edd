import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript, without declarations.
import { writeWordPressExport } from '../../../scripts/bench/wordpress-export.mjs';
import { htmlToBlocks } from './html-to-blocks';
import { readWxr, type WxrItem } from './wxr-reader';

const write = writeWordPressExport as (
  file: string,
  size: { posts: number; comments: number },
) => Promise<void>;
const scratch = mkdtempSync(path.join(tmpdir(), 'kiosque-generated-wxr-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the benchmark’s generated WordPress export', () => {
  it('is a WXR the importer reads whole, with the posts and comments asked for, the same bytes every time', async () => {
    const [first, second] = [path.join(scratch, 'a.xml'), path.join(scratch, 'b.xml')];
    await write(first, { posts: 30, comments: 307 });
    await write(second, { posts: 30, comments: 307 });
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(digest(first)).toBe(digest(second));

    const items: WxrItem[] = [];
    let authors = 0;
    for await (const entry of readWxr(first)) {
      if (entry.kind === 'item') items.push(entry.item);
      if (entry.kind === 'author') authors += 1;
    }
    expect(authors).toBeGreaterThan(1);
    expect(items).toHaveLength(30);
    expect(items.reduce((sum, item) => sum + item.comments.length, 0)).toBe(307);
    expect(new Set(items.map((item) => item.status))).toEqual(new Set(['publish', 'draft']));
    const comments = items.flatMap((item) => item.comments);
    // Every status the importer handles, and threads: replies to comments of the same post.
    expect(new Set(comments.map((comment) => `${comment.approved}/${comment.type}`))).toEqual(
      new Set(['1/comment', '0/comment', 'spam/comment', 'trash/comment', '1/pingback']),
    );
    for (const item of items) {
      const ids = new Set(item.comments.map((comment) => comment.id));
      for (const comment of item.comments) {
        if (comment.parentId !== '0') expect(ids.has(comment.parentId)).toBe(true);
      }
      expect(htmlToBlocks(item.content).blocks.length).toBeGreaterThan(1);
    }
    expect(comments.some((comment) => comment.parentId !== '0')).toBe(true);
  });
});
