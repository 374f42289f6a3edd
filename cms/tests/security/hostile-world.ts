import { randomBytes } from 'node:crypto';
import { signPreviewToken } from '../../src/utils/preview-token';
import { postComment } from '../helpers/comments';
import { blocks, createArticle, createComment, createGroup, setCommentSettings } from '../helpers/content';
import { ADMIN_CREDENTIALS, adminToken, startCms, type RunningCms } from '../helpers/strapi';

const ADMIN_UID = 'admin::user';
const COMMENT_UID = 'api::comment.comment';
const CONTENT_MANAGER = '/content-manager/collection-types';
export const PREVIEW_SECRET = 'secret-des-apercus-de-la-suite-hostile';

/** A fresh lower-case hex mark, so that each secret is unique to the run. */
const mark = () => randomBytes(6).toString('hex');

/**
 * Everything an anonymous attacker must never learn, and the public handles (ids, slugs) to aim at.
 * Each secret is unique to the run, so finding it in an answer can only mean it leaked.
 */
export interface HostileWorld {
  cms: RunningCms;
  admin: {
    id: number;
    email: string;
    passwordHash: string;
    resetPasswordToken: string;
    registrationToken: string;
  };
  /** A published article, its category and its author, all written in the admin (createdBy is set). */
  published: { documentId: string; slug: string; title: string };
  category: { documentId: string; slug: string };
  author: { documentId: string; slug: string };
  /** An article never published: its title, slug and ids are secret. */
  draft: { documentId: string; rowId: number; slug: string; title: string };
  /** A published article whose draft is being rewritten: the draft's title is secret. */
  rewritten: { documentId: string; slug: string; draftTitle: string };
  /** An article taken offline after readers commented on it. */
  retired: { documentId: string; slug: string; title: string; commentContent: string };
  /** An approved comment posted over HTTP, with every private field the CMS stores. */
  commenter: {
    documentId: string;
    email: string;
    content: string;
    ipHash: string;
    userAgent: string;
    idempotencyKey: string;
  };
  /** A second approved commenter, so that a sort on e-mails has two different values to order. */
  otherCommenterEmail: string;
  pendingComment: { email: string; content: string };
  draftComment: { email: string; content: string };
  /** A group readers may not see. */
  inactiveGroup: { documentId: string };
  /** A valid preview token for the published article (a token holder sees that article, not others). */
  previewToken: string;
  /** Every value no public answer may ever contain. */
  secrets: Record<string, string>;
}

async function inAdmin(cms: RunningCms, token: string, uid: string, data: Record<string, unknown>) {
  const response = await cms
    .http()
    .post(`${CONTENT_MANAGER}/${uid}`)
    .set('Authorization', `Bearer ${token}`)
    .send(data)
    .expect(201);
  return response.body.data as { documentId: string; id: number };
}

async function publishInAdmin(cms: RunningCms, token: string, documentId: string) {
  await cms
    .http()
    .post(`${CONTENT_MANAGER}/api::article.article/${documentId}/actions/publish`)
    .set('Authorization', `Bearer ${token}`)
    .send({})
    .expect(200);
}

/** The address the secret commenter posts from (seen only when the CMS trusts its proxy). */
export const COMMENTER_ADDRESS = '198.51.100.7';

/** Boots the CMS (with these extra settings) and fills it with one of each kind of secret. */
export async function buildHostileWorld(env: Record<string, string> = {}): Promise<HostileWorld> {
  const cms = await startCms({ PREVIEW_SECRET, SITE_URL: 'https://kiosque.example.org', ...env });
  const { strapi } = cms;
  await setCommentSettings(strapi, {
    moderationMode: 'trusted-authors',
    autoCloseAfterDays: null,
    rateLimitPerMinute: 10_000,
  });
  const token = await adminToken(cms);

  const run = mark();
  const category = { slug: `categorie-admin-${run}` };
  const author = { slug: `auteur-admin-${run}` };
  const categoryId = (
    await inAdmin(cms, token, 'api::category.category', { name: `Catégorie ${run}`, ...category })
  ).documentId;
  const authorId = (await inAdmin(cms, token, 'api::author.author', { name: `Plume ${run}`, ...author }))
    .documentId;

  // Editors reuse pictures from the media library: the published article, the draft and the
  // rewritten one share a cover, so that the file's related entries lead to the drafts.
  const cover = await strapi.db.query('plugin::upload.file').findOne({ select: ['id'] });
  const article = (title: string, slug: string) =>
    inAdmin(cms, token, 'api::article.article', {
      title,
      slug,
      cover: cover?.id,
      excerpt: 'Un résumé écrit dans l’administration.',
      body: blocks('Un texte écrit dans l’administration.'),
      author: authorId,
      category: categoryId,
      commentsClosed: false,
    });

  const published = { title: `Article public ${run}`, slug: `article-public-${run}` };
  const publishedId = (await article(published.title, published.slug)).documentId;
  await publishInAdmin(cms, token, publishedId);

  const draft = { title: `Brouillon confidentiel ${mark()}`, slug: `brouillon-confidentiel-${mark()}` };
  const { documentId: draftId, id: draftRowId } = await article(draft.title, draft.slug);

  const rewritten = { slug: `article-reecrit-${run}`, draftTitle: `Réécriture confidentielle ${mark()}` };
  const rewrittenId = (await article(`Article réécrit ${run}`, rewritten.slug)).documentId;
  await publishInAdmin(cms, token, rewrittenId);
  await cms
    .http()
    .put(`${CONTENT_MANAGER}/api::article.article/${rewrittenId}`)
    .set('Authorization', `Bearer ${token}`)
    .send({ title: rewritten.draftTitle })
    .expect(200);

  // A commenter whose every private field is known: e-mail, user agent, idempotency key, IP hash.
  const commenter = {
    email: `secrete.${mark()}@example.org`,
    content: `Commentaire approuvé ${mark()}`,
    userAgent: `AgentSecret/${mark()}`,
    idempotencyKey: `cle-${mark()}`,
  };
  const posted = await postComment(
    cms,
    publishedId,
    {
      'User-Agent': commenter.userAgent,
      'Idempotency-Key': commenter.idempotencyKey,
      'X-Forwarded-For': COMMENTER_ADDRESS,
    },
    { authorEmail: commenter.email, content: commenter.content },
  ).expect(201);
  const commenterId = posted.body.data.documentId as string;
  await strapi
    .documents(COMMENT_UID)
    .update({ documentId: commenterId, data: { moderationStatus: 'approved' } });
  const storedComment = await strapi.db
    .query(COMMENT_UID)
    .findOne({ where: { documentId: commenterId }, select: ['ipHash'] });

  const otherCommenterEmail = `zz.autre.${mark()}@example.org`;
  await createComment(strapi, publishedId, { status: 'approved', authorEmail: otherCommenterEmail });
  const pendingComment = { email: `attente.${mark()}@example.org`, content: `En attente ${mark()}` };
  await createComment(strapi, publishedId, {
    status: 'pending',
    authorEmail: pendingComment.email,
    content: pendingComment.content,
  });
  const draftComment = { email: `brouillon.${mark()}@example.org`, content: `Sous un brouillon ${mark()}` };
  await createComment(strapi, draftId, {
    status: 'approved',
    authorEmail: draftComment.email,
    content: draftComment.content,
  });

  const retiredTitle = `Article retiré ${mark()}`;
  const retiredArticle = await createArticle(strapi, { title: retiredTitle });
  const retiredComment = `Sous un article retiré ${mark()}`;
  await createComment(strapi, retiredArticle.documentId, { status: 'approved', content: retiredComment });
  await strapi.documents('api::article.article').unpublish({ documentId: retiredArticle.documentId });

  const inactiveGroup = await createGroup(strapi, { active: false, name: `Groupe fermé ${mark()}` });

  // The administrator's private columns, given values an attacker could try to guess.
  const admin = await strapi.db.query(ADMIN_UID).findOne({ where: { email: ADMIN_CREDENTIALS.email } });
  const resetPasswordToken = randomBytes(20).toString('hex');
  const registrationToken = randomBytes(20).toString('hex');
  await strapi.db
    .query(ADMIN_UID)
    .update({ where: { id: admin.id }, data: { resetPasswordToken, registrationToken } });

  const world: Omit<HostileWorld, 'secrets'> = {
    cms,
    admin: {
      id: Number(admin.id),
      email: ADMIN_CREDENTIALS.email,
      passwordHash: String(admin.password),
      resetPasswordToken,
      registrationToken,
    },
    published: { documentId: publishedId, ...published },
    category: { documentId: categoryId, ...category },
    author: { documentId: authorId, ...author },
    draft: { documentId: draftId, rowId: draftRowId, ...draft },
    rewritten: { documentId: rewrittenId, ...rewritten },
    retired: {
      documentId: retiredArticle.documentId,
      slug: String(retiredArticle.slug),
      title: retiredTitle,
      commentContent: retiredComment,
    },
    commenter: { documentId: commenterId, ipHash: String(storedComment.ipHash), ...commenter },
    otherCommenterEmail,
    pendingComment,
    draftComment,
    inactiveGroup: { documentId: inactiveGroup.documentId },
    previewToken: signPreviewToken(PREVIEW_SECRET, publishedId, Date.now()),
  };
  return {
    ...world,
    secrets: {
      'the administrator’s e-mail': world.admin.email,
      'the administrator’s password hash': world.admin.passwordHash,
      'the administrator’s reset token': resetPasswordToken,
      'the administrator’s registration token': registrationToken,
      'a commenter’s e-mail': commenter.email,
      'another commenter’s e-mail': otherCommenterEmail,
      'a commenter’s IP hash': world.commenter.ipHash,
      'a commenter’s user agent': commenter.userAgent,
      'a commenter’s idempotency key': commenter.idempotencyKey,
      'a pending comment': pendingComment.content,
      'a pending commenter’s e-mail': pendingComment.email,
      'a draft’s title': draft.title,
      'a draft’s slug': draft.slug,
      'a draft’s documentId': draftId,
      'a rewritten article’s draft title': rewritten.draftTitle,
      'a comment under a draft': draftComment.content,
      'a comment under a retired article': retiredComment,
      'a retired article’s title': retiredTitle,
    },
  };
}
