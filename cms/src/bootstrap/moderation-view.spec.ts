import { describe, expect, it } from 'vitest';
import { withArticleColumn } from './moderation-view';

const configured = (list: string[]) => ({ settings: {}, metadatas: {}, layouts: { list, edit: [] } });

describe('withArticleColumn', () => {
  it('puts the article after the author’s name, the other columns kept in their order', () => {
    expect(withArticleColumn(configured(['moderationStatus', 'authorName', 'content'])).layouts.list).toEqual(
      ['moderationStatus', 'authorName', 'article', 'content'],
    );
  });

  it('puts it last when an editor took the author’s name out of the list', () => {
    expect(withArticleColumn(configured(['content', 'createdAt'])).layouts.list).toEqual([
      'content',
      'createdAt',
      'article',
    ]);
  });

  it('leaves a list that shows the article already as it is', () => {
    const configuration = configured(['article', 'authorName']);
    expect(withArticleColumn(configuration)).toBe(configuration);
  });
});
