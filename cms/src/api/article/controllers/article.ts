import { factories, type Core } from '@strapi/strapi';
import { articles as articleService, comments } from '../../../services';

/** A published article as its page shows it: sanitised, with its comment count and whether comments are open. */
async function readerArticle(
  strapi: Core.Strapi,
  article: { documentId: string; publishedAt?: string | Date | null; commentsClosed?: boolean | null },
  auth: unknown,
) {
  const sanitized = (await strapi.contentAPI.sanitize.output(
    article,
    strapi.getModel('api::article.article'),
    {
      auth,
    },
  )) as Record<string, unknown>;
  const [counts, commentsOpen] = await Promise.all([
    comments(strapi).approvedCounts([article.documentId]),
    comments(strapi).isOpen(article),
  ]);
  return { ...sanitized, commentCount: counts.get(article.documentId) ?? 0, commentsOpen };
}

/** Article cards (related articles) as the public list shapes them: sanitised, with comment counts. */
async function readerSummaries(strapi: Core.Strapi, articles: { documentId: string }[], auth: unknown) {
  if (articles.length === 0) return [];
  const model = strapi.getModel('api::article.article');
  const [sanitized, counts] = await Promise.all([
    Promise.all(
      articles.map(
        (article) =>
          strapi.contentAPI.sanitize.output(article, model, { auth }) as Promise<Record<string, unknown>>,
      ),
    ),
    comments(strapi).approvedCounts(articles.map((article) => article.documentId)),
  ]);
  return sanitized.map((article, index) => ({
    ...article,
    commentCount: counts.get(articles[index].documentId) ?? 0,
  }));
}

export default factories.createCoreController('api::article.article', ({ strapi }) => ({
  async find(ctx) {
    ctx.query = articleService(strapi).publicListQuery(ctx.query);
    const response = (await super.find(ctx)) as { data: { documentId: string }[]; meta: unknown };
    const counts = await comments(strapi).approvedCounts(response.data.map((article) => article.documentId));
    return {
      ...response,
      data: response.data.map((article) => ({
        ...article,
        commentCount: counts.get(article.documentId) ?? 0,
      })),
    };
  },

  async findOne(ctx) {
    // Strapi 5 honours `?status=draft` on the content API; readers must never see drafts.
    ctx.query = { ...ctx.query, status: 'published' };
    return super.findOne(ctx);
  },

  /** The article page in one answer: each part shaped exactly as its own endpoint answers it. */
  async findPage(ctx) {
    const page = await articleService(strapi).findPageBySlug(String(ctx.params.slug));
    if (!page) return ctx.notFound('Cet article est introuvable.');
    return {
      data: {
        article: await readerArticle(strapi, page.article, ctx.state.auth),
        groups: page.groups,
        comments: page.comments,
        related: await readerSummaries(strapi, page.related, ctx.state.auth),
      },
      meta: {},
    };
  },

  async findBySlug(ctx) {
    const article = await articleService(strapi).findPublishedBySlug(String(ctx.params.slug));
    if (!article) return ctx.notFound('Cet article est introuvable.');
    return { data: await readerArticle(strapi, article, ctx.state.auth), meta: {} };
  },
}));
