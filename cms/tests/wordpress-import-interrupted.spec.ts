import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCms, type RunningCms } from './helpers/strapi';

const cmsDir = fileURLToPath(new URL('..', import.meta.url));
// The import writes posts in batches of 50 (one transaction each): enough posts for a kill to land
// with some batches committed and others not.
const POSTS = 160;
const COMMENTS_PER_POST = 8;

let cms: RunningCms;

/** An export of POSTS posts, each with a thread of COMMENTS_PER_POST comments (every other one a reply). */
function generatedExport(): string {
  const items = Array.from({ length: POSTS }, (_, index) => {
    const id = 1000 + index;
    const comments = Array.from({ length: COMMENTS_PER_POST }, (_, n) => {
      const commentId = id * 100 + n;
      const parent = n % 2 === 1 ? commentId - 1 : 0;
      return `<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author><![CDATA[Lectrice ${n}]]></wp:comment_author>
<wp:comment_author_email>lectrice${n}@example.org</wp:comment_author_email><wp:comment_date_gmt>2024-02-01 10:0${n}:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Réponse numéro ${n} sous l’article ${index}.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>`;
    }).join('\n');
    return `<item><title><![CDATA[Fiche métier n° ${index} : développeuse web]]></title>
<link>https://fiches.example/2024/02/fiche-${index}/</link><dc:creator>ines</dc:creator>
<content:encoded><![CDATA[Premier paragraphe de la fiche ${index}.

Deuxième paragraphe, avec <strong>du gras</strong>.]]></content:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date_gmt>2024-02-01 08:00:00</wp:post_date_gmt><wp:post_name>fiche-${index}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="fiches-metiers"><![CDATA[Fiches métiers]]></category>
${comments}</item>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Fiches</title><link>https://fiches.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://fiches.example</wp:base_site_url><wp:base_blog_url>https://fiches.example</wp:base_blog_url>
<wp:author><wp:author_login>ines</wp:author_login><wp:author_display_name>Inès Traoré</wp:author_display_name></wp:author>
${items}
</channel></rss>`;
}

/** Runs the real command; with `killAfter`, SIGKILLs it once it reports that many posts done. */
function runImport(
  file: string,
  killAfter?: number,
): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/import-wordpress.mjs', file, '--no-build'], {
      cwd: cmsDir,
      env: { ...process.env, INIT_CWD: cmsDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const done = [...output.matchAll(/^\[(\d+)\/\d+\]/gm)].length;
      if (killAfter !== undefined && done >= killAfter && child.exitCode === null) child.kill('SIGKILL');
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

async function state() {
  const articles = (await cms.strapi.db.query('api::article.article').findMany({
    select: ['documentId', 'slug'],
    where: { publishedAt: { $notNull: true } },
  })) as { documentId: string; slug: string }[];
  const perArticle: number[] = [];
  for (const article of articles) {
    perArticle.push(
      await cms.strapi.db
        .query('api::comment.comment')
        .count({ where: { article: { documentId: article.documentId } } }),
    );
  }
  return {
    articles: articles.length,
    slugs: new Set(articles.map((article) => article.slug)).size,
    perArticle,
    comments: await cms.strapi.db.query('api::comment.comment').count(),
    records: await cms.strapi.db.query('api::import-record.import-record').count({ where: { kind: 'post' } }),
  };
}

beforeAll(async () => {
  cms = await startCms({ SEED_DEMO_CONTENT: 'false' });
});

afterAll(async () => {
  await cms?.stop();
});

it('finishes after a SIGKILL midway with every post whole and none twice', { timeout: 180_000 }, async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kiosque-wxr-kill-')), 'fiches.xml');
  writeFileSync(file, generatedExport());

  const killed = await runImport(file, 10);
  expect(killed.signal).toBe('SIGKILL');
  const midway = await state();
  expect(midway.articles).toBeGreaterThanOrEqual(10);
  expect(midway.articles).toBeLessThan(POSTS);
  // Nothing half-imported: each post that is there has all its comments and its record.
  expect(midway.perArticle.every((count) => count === COMMENTS_PER_POST)).toBe(true);
  expect(midway.records).toBe(midway.articles);

  const rerun = await runImport(file);
  expect(rerun.code, rerun.output).toBe(0);
  expect(rerun.output).toMatch(new RegExp(`Posts: ${POSTS - midway.articles} imported`));
  const done = await state();
  expect(done).toMatchObject({
    articles: POSTS,
    slugs: POSTS,
    comments: POSTS * COMMENTS_PER_POST,
    records: POSTS,
  });
  expect(done.perArticle.every((count) => count === COMMENTS_PER_POST)).toBe(true);
});
