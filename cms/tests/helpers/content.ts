import type { Core } from '@strapi/strapi';

let counter = 0;

/** A minimal valid article body in Strapi's blocks format. */
export function blocks(text: string) {
  return [{ type: 'paragraph' as const, children: [{ type: 'text' as const, text }] }];
}

export async function createArticle(
  strapi: Core.Strapi,
  options: { publish?: boolean; commentsClosed?: boolean; title?: string } = {},
) {
  counter += 1;
  const title = options.title ?? `Article de test ${counter} ${Date.now()}`;
  return strapi.documents('api::article.article').create({
    data: {
      title,
      slug: `article-de-test-${counter}-${Date.now()}`,
      excerpt: 'Un résumé de test.',
      body: blocks('Le texte de test.'),
      authorName: 'Équipe de test',
      category: 'Tests',
      commentsClosed: options.commentsClosed ?? false,
    },
    ...(options.publish === false ? {} : { status: 'published' as const }),
  });
}

export async function createComment(
  strapi: Core.Strapi,
  articleDocumentId: string,
  fields: { status: 'pending' | 'approved' | 'spam' | 'rejected'; authorEmail?: string; content?: string },
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
