import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingTimeMinutes } from '@kiosque/shared';
import { DEMO_ARTICLES, DEMO_AUTHORS, DEMO_CATEGORIES } from '../src/bootstrap/demo-data';
import { blocks, categoryNamed, createArticle } from './helpers/content';
import { startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;

beforeAll(async () => {
  cms = await startCms();
});

afterAll(async () => {
  await cms?.stop();
});

interface CardJson {
  documentId: string;
  slug: string;
  readingTime: number;
  commentCount: number;
  category: { name: string; slug: string } | null;
  author: { name: string; slug: string } | null;
  cover: { url: string; alternativeText: string; formats: Record<string, { url: string; width: number }> };
  body?: unknown;
}

describe('categories and authors', () => {
  it('lists the demo categories with their slug and description', async () => {
    const response = await cms.http().get('/api/categories?sort=name').expect(200);
    const categories = response.body.data as { name: string; slug: string; description: string }[];
    expect(categories.map((category) => category.slug).sort()).toEqual(
      DEMO_CATEGORIES.map((category) => category.slug).sort(),
    );
    expect(categories.every((category) => category.description.length > 20)).toBe(true);
  });

  it('lists the demo authors with their bio', async () => {
    const response = await cms.http().get('/api/authors').expect(200);
    expect(response.body.data.map((author: { name: string }) => author.name).sort()).toEqual(
      DEMO_AUTHORS.map((author) => author.name).sort(),
    );
  });

  it('refuses to let readers write a category', async () => {
    await cms
      .http()
      .post('/api/categories')
      .send({ data: { name: 'Pirate', slug: 'pirate' } })
      .expect((response) => expect([403, 404, 405]).toContain(response.status));
  });
});

describe('article cards', () => {
  it('carry the category, the author, the reading time, the comment count and a cover in several sizes', async () => {
    const response = await cms.http().get('/api/articles').expect(200);
    const cards = response.body.data as CardJson[];
    expect(cards).toHaveLength(DEMO_ARTICLES.length);
    for (const card of cards) {
      const demo = DEMO_ARTICLES.find((article) => article.slug === card.slug)!;
      expect(card.category?.name).toBe(demo.category);
      expect(card.author?.name).toBe(demo.author);
      expect(card.readingTime).toBe(readingTimeMinutes(demo.body));
      expect(card.commentCount).toBe(demo.comments.length);
      expect(card.body).toBeUndefined();
      expect(card.cover.alternativeText).toBe(demo.coverAlt);
      // Strapi derives responsive copies from the 1200 px cover; the SPA builds its srcset from them.
      expect(Object.keys(card.cover.formats).sort()).toEqual(['large', 'medium', 'small', 'thumbnail']);
      expect(card.cover.formats.small.width).toBeLessThan(card.cover.formats.large.width);
    }
  });

  it('serves the cover files the cards point to', async () => {
    const response = await cms.http().get('/api/articles?pagination[pageSize]=1').expect(200);
    const cover = (response.body.data as CardJson[])[0].cover;
    await cms
      .http()
      .get(cover.formats.small.url)
      .expect(200)
      .expect('Content-Type', /image\/jpeg/);
  });

  it('are filtered by category slug, for the category pages', async () => {
    const emploi = DEMO_ARTICLES.filter((article) => article.category === 'Emploi').map((a) => a.slug);
    const response = await cms.http().get('/api/articles?filters[category][slug][$eq]=emploi').expect(200);
    expect((response.body.data as CardJson[]).map((card) => card.slug).sort()).toEqual(emploi.sort());
  });

  it('are found by words of the title or of the excerpt, whatever their case', async () => {
    const search = (words: string) =>
      cms
        .http()
        .get('/api/articles')
        .query({
          'filters[$or][0][title][$containsi]': words,
          'filters[$or][1][excerpt][$containsi]': words,
        })
        .expect(200)
        .then((response) => (response.body.data as CardJson[]).map((card) => card.slug));
    expect(await search('VISIO')).toEqual(['entretien-embauche-en-visio-check-list']);
    expect(await search('pilote une stratégie')).toEqual(['community-manager-ou-social-media-manager']);
    expect(await search('introuvable-zzz')).toEqual([]);
  });
});

describe('the article page endpoint', () => {
  it('brings the author bio, the category description and up to three related articles of the same category', async () => {
    const demo = DEMO_ARTICLES.find((article) => article.category === 'Formation')!;
    const response = await cms.http().get(`/api/pages/article/${demo.slug}`).expect(200);
    const { article, related } = response.body.data as {
      article: { author: { bio: string }; category: { description: string }; seo: unknown };
      related: CardJson[];
    };
    expect(article.author.bio.length).toBeGreaterThan(20);
    expect(article.category.description.length).toBeGreaterThan(20);
    const expected = DEMO_ARTICLES.filter(
      (other) => other.category === 'Formation' && other.slug !== demo.slug,
    ).map((other) => other.slug);
    expect(related.map((card) => card.slug).sort()).toEqual(expected.sort());
    expect(related.every((card) => card.category?.name === 'Formation' && card.body === undefined)).toBe(
      true,
    );
  });

  it('never suggests a draft as a related article, and at most three', async () => {
    const category = `Liée ${Date.now()}`;
    const shown = await createArticle(cms.strapi, { category });
    for (let index = 0; index < 4; index += 1) await createArticle(cms.strapi, { category });
    const draft = await createArticle(cms.strapi, { category, publish: false, title: 'Brouillon lié' });
    const response = await cms.http().get(`/api/pages/article/${shown.slug}`).expect(200);
    const related = response.body.data.related as CardJson[];
    expect(related).toHaveLength(3);
    expect(related.map((card) => card.documentId)).not.toContain(draft.documentId);
    expect(related.map((card) => card.documentId)).not.toContain(shown.documentId);
  });

  it('returns the SEO fields an editor filled in, with the share image', async () => {
    const article = await createArticle(cms.strapi, { publish: false });
    await cms.strapi.documents('api::article.article').update({
      documentId: article.documentId,
      data: {
        seo: {
          metaTitle: 'Titre court pour Google',
          metaDescription: 'Une description de moins de 160 caractères.',
          canonicalUrl: 'https://exemple.org/original',
        },
      },
    });
    await cms.strapi.documents('api::article.article').publish({ documentId: article.documentId });
    const response = await cms.http().get(`/api/pages/article/${article.slug}`).expect(200);
    expect(response.body.data.article.seo).toMatchObject({
      metaTitle: 'Titre court pour Google',
      metaDescription: 'Une description de moins de 160 caractères.',
      canonicalUrl: 'https://exemple.org/original',
      shareImage: null,
    });
  });
});

describe('reading time', () => {
  it('is computed from the body when an article is written and again when its body changes', async () => {
    const articles = cms.strapi.documents('api::article.article');
    const article = await createArticle(cms.strapi, { publish: false });
    expect(article.readingTime).toBe(1);
    const longBody = blocks('mot '.repeat(650));
    await articles.update({ documentId: article.documentId, data: { body: longBody, readingTime: 42 } });
    await articles.publish({ documentId: article.documentId });
    const response = await cms.http().get(`/api/articles/slug/${article.slug}`).expect(200);
    expect(response.body.data.readingTime).toBe(4);
  });

  it('refuses an SEO title longer than 60 characters', async () => {
    const category = await categoryNamed(cms.strapi, 'Tests');
    await expect(
      cms.strapi.documents('api::article.article').create({
        data: {
          title: 'Titre',
          slug: `seo-trop-long-${Date.now()}`,
          excerpt: 'Résumé',
          body: blocks('Texte'),
          category,
          commentsClosed: false,
          seo: { metaTitle: 'x'.repeat(61) },
        },
      }),
    ).rejects.toThrow(/metaTitle|60/);
  });
});
