import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import sharp from 'sharp';
import {
  DEMO_ARTICLES,
  DEMO_AUTHORS,
  DEMO_CATEGORIES,
  DEMO_GROUPS,
  type DemoCategoryName,
} from './demo-data';

const CONTENT_UIDS = [
  'api::article.article',
  'api::category.category',
  'api::author.author',
  'api::community-group.community-group',
  'api::comment.comment',
] as const;

/**
 * A cover drawn for the demo (no borrowed pictures): the category's colours with a few shapes,
 * 1200×630 like a link-preview image, so that Strapi derives its responsive formats from it.
 */
async function drawCover(colors: readonly [string, string], seed: number): Promise<Buffer> {
  const circles = Array.from({ length: 5 }, (_, index) => {
    const x = (seed * 211 + index * 263) % 1200;
    const y = (seed * 97 + index * 151) % 630;
    const radius = 60 + ((seed * 31 + index * 47) % 160);
    return `<circle cx="${x}" cy="${y}" r="${radius}" fill="#ffffff" fill-opacity="${0.08 + index * 0.04}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${colors[0]}"/><stop offset="1" stop-color="${colors[1]}"/>
    </linearGradient></defs>
    <rect width="1200" height="630" fill="url(#g)"/>${circles}
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 78, mozjpeg: true }).toBuffer();
}

async function uploadImage(
  strapi: Core.Strapi,
  workDir: string,
  name: string,
  image: Buffer,
  alternativeText: string,
): Promise<number> {
  const filepath = path.join(workDir, name);
  await writeFile(filepath, image);
  const { size } = await stat(filepath);
  const [file] = (await strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name, alternativeText, caption: alternativeText } },
      files: { filepath, originalFilename: name, originalFileName: name, mimetype: 'image/jpeg', size },
    })) as { id: number }[];
  return file.id;
}

/**
 * Fills an empty database with the demo content. Does nothing when turned off, or when any article,
 * category, author, group or comment exists: an editor's database is never touched, and a restart
 * never duplicates.
 */
export async function seedDemoContent(strapi: Core.Strapi): Promise<'seeded' | 'skipped'> {
  if (!strapi.config.get<boolean>('kiosque.seedDemoContent')) return 'skipped';
  for (const uid of CONTENT_UIDS) {
    if ((await strapi.db.query(uid).count()) > 0) return 'skipped';
  }

  const categories = new Map<string, { documentId: string; colors: readonly [string, string] }>();
  for (const { colors, ...category } of DEMO_CATEGORIES) {
    const created = await strapi.documents('api::category.category').create({ data: category });
    categories.set(category.name, { documentId: created.documentId, colors });
  }
  for (const { targetCategories, ...group } of DEMO_GROUPS as (Omit<
    (typeof DEMO_GROUPS)[number],
    'targetCategories'
  > & {
    targetCategories?: DemoCategoryName[];
  })[]) {
    await strapi.documents('api::community-group.community-group').create({
      data: {
        ...group,
        active: true,
        full: false,
        targetCategories: (targetCategories ?? []).map((name) => categories.get(name)!.documentId),
      },
    });
  }
  const authors = new Map<string, string>();
  for (const author of DEMO_AUTHORS) {
    const created = await strapi.documents('api::author.author').create({ data: author });
    authors.set(author.name, created.documentId);
  }

  const workDir = await mkdtemp(path.join(tmpdir(), 'kiosque-demo-'));
  try {
    // Oldest first, so that the first article of the list is the newest on the home page.
    for (const [index, { comments, category, author, coverAlt, ...article }] of [
      ...DEMO_ARTICLES.entries(),
    ].reverse()) {
      const target = categories.get(category)!;
      const cover = await uploadImage(
        strapi,
        workDir,
        `${article.slug}.jpg`,
        await drawCover(target.colors, index + 1),
        coverAlt,
      );
      const created = await strapi.documents('api::article.article').create({
        data: {
          ...article,
          category: target.documentId,
          author: authors.get(author)!,
          cover,
          commentsClosed: false,
        },
        status: 'published',
      });
      for (const comment of comments) {
        await strapi.documents('api::comment.comment').create({
          data: { ...comment, article: created.documentId, moderationStatus: 'approved', depth: 1 },
        });
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  strapi.log.info(
    `Demo content created: ${DEMO_ARTICLES.length} articles in ${DEMO_CATEGORIES.length} categories, ${DEMO_GROUPS.length} community groups.`,
  );
  return 'seeded';
}
