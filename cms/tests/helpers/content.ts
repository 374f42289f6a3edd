import { hashAuthorKey } from '../../src/utils/keyed-hashes';
import type { Core } from '@strapi/strapi';

let counter = 0;

/** A minimal valid article body in Strapi's blocks format. */
export function blocks(text: string) {
  return [{ type: 'paragraph' as const, children: [{ type: 'text' as const, text }] }];
}

/** The category or author with this name (whatever its case), created on first use (one database per file). */
async function documentNamed(
  strapi: Core.Strapi,
  uid: 'api::category.category' | 'api::author.author',
  name: string,
): Promise<string> {
  const existing = await strapi.documents(uid).findFirst({ filters: { name: { $eqi: name } } });
  if (existing) return existing.documentId;
  counter += 1;
  const slug = `${name
    .normalize('NFD')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .toLowerCase()}-${counter}`;
  return (await strapi.documents(uid).create({ data: { name, slug } })).documentId;
}

export const categoryNamed = (strapi: Core.Strapi, name: string) =>
  documentNamed(strapi, 'api::category.category', name);

export const authorNamed = (strapi: Core.Strapi, name: string) =>
  documentNamed(strapi, 'api::author.author', name);

/** Renames the category called `from` through the Document Service, as an editor would. */
export async function renameCategory(strapi: Core.Strapi, from: string, to: string): Promise<void> {
  const categories = strapi.documents('api::category.category');
  const category = await categories.findFirst({ filters: { name: { $eq: from } } });
  if (!category) throw new Error(`No category named "${from}" to rename.`);
  await categories.update({ documentId: category.documentId, data: { name: to } });
}

export async function createArticle(
  strapi: Core.Strapi,
  options: { publish?: boolean; commentsClosed?: boolean; title?: string; category?: string } = {},
) {
  counter += 1;
  const title = options.title ?? `Article de test ${counter} ${Date.now()}`;
  return strapi.documents('api::article.article').create({
    data: {
      title,
      slug: `article-de-test-${counter}-${Date.now()}`,
      excerpt: 'Un résumé de test.',
      body: blocks('Le texte de test.'),
      author: await authorNamed(strapi, 'Équipe de test'),
      category: await categoryNamed(strapi, options.category ?? 'Tests'),
      commentsClosed: options.commentsClosed ?? false,
    },
    ...(options.publish === false ? {} : { status: 'published' as const }),
  });
}

export async function createComment(
  strapi: Core.Strapi,
  articleDocumentId: string,
  fields: {
    status: 'pending' | 'approved' | 'spam' | 'rejected';
    authorEmail?: string;
    content?: string;
    /** The commenter key the author's browser sent (see CommentInput.authorKey). */
    authorKey?: string;
  },
) {
  counter += 1;
  return strapi.documents('api::comment.comment').create({
    data: {
      article: articleDocumentId,
      authorName: `Lecteur ${counter}`,
      authorEmail: fields.authorEmail ?? `lecteur${counter}@example.org`,
      content: fields.content ?? `Commentaire ${fields.status} numéro ${counter}`,
      moderationStatus: fields.status,
      depth: 1,
      ...(fields.authorKey === undefined ? {} : { authorKeyHash: hashAuthorKey(fields.authorKey) }),
    },
  });
}

export async function setCommentSettings(
  strapi: Core.Strapi,
  settings: Partial<{
    moderationMode: 'trusted-authors' | 'hold-all' | 'publish-all';
    autoCloseAfterDays: number | null;
    maxLinks: number;
    blockedWords: string;
    rateLimitPerMinute: number;
    moderatorEmails: string;
    moderatorDigestMinutes: number;
  }>,
) {
  const documents = strapi.documents('api::comment-setting.comment-setting');
  // The generated input type has no null for an optional integer, yet null is how it is cleared.
  const data = settings as Omit<typeof settings, 'autoCloseAfterDays'> & { autoCloseAfterDays?: number };
  const current = await documents.findFirst({});
  if (current) return documents.update({ documentId: current.documentId, data });
  return documents.create({
    data: { moderationMode: 'trusted-authors', maxLinks: 2, rateLimitPerMinute: 5, ...data },
  });
}

let groupCounter = 0;

type GroupInput = {
  platform?: 'whatsapp_group' | 'whatsapp_channel' | 'telegram';
  inviteUrl?: string;
  displayOrder?: number;
  active?: boolean;
  full?: boolean;
  /** Category names, one per line or comma-separated, as editors used to type them. */
  targetCategories?: string;
  replacement?: string;
  name?: string;
  /** The member count an editor entered (pools' capacity). */
  members?: number;
  /** A second headline and button label (copy variant B). */
  variantB?: { headline: string; buttonLabel: string };
};

/** A valid community group, by default a WhatsApp group shown everywhere. */
export async function createGroup(strapi: Core.Strapi, fields: GroupInput = {}) {
  groupCounter += 1;
  const platform = fields.platform ?? 'whatsapp_group';
  const code = `TestGroupe${groupCounter}x${Date.now()}`;
  const defaultUrl = {
    whatsapp_group: `https://chat.whatsapp.com/${code}`,
    whatsapp_channel: `https://whatsapp.com/channel/${code}`,
    telegram: `https://t.me/${code}`,
  }[platform];
  return strapi.documents('api::community-group.community-group').create({
    data: {
      name: fields.name ?? `Groupe de test ${groupCounter}`,
      platform,
      inviteUrl: fields.inviteUrl ?? defaultUrl,
      headline: 'Rejoignez le groupe de test',
      buttonLabel: 'Rejoindre',
      displayOrder: fields.displayOrder ?? 10 + groupCounter,
      active: fields.active ?? true,
      full: fields.full ?? false,
      targetCategories: await Promise.all(
        (fields.targetCategories ?? '')
          .split(/[\n,]/)
          .map((name) => name.trim())
          .filter(Boolean)
          .map((name) => categoryNamed(strapi, name)),
      ),
      ...(fields.replacement === undefined ? {} : { replacement: fields.replacement }),
      ...(fields.members === undefined ? {} : { members: fields.members }),
      ...(fields.variantB === undefined
        ? {}
        : { headlineB: fields.variantB.headline, buttonLabelB: fields.variantB.buttonLabel }),
    },
  });
}
