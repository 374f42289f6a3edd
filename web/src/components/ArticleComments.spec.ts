import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { PublicComment } from '@kiosque/shared';
import { ApiError } from '../api/client';
import ArticleComments from './ArticleComments.vue';

function comment(documentId: string, content: string, authorName = 'Moussa'): PublicComment {
  return { documentId, authorName, content, createdAt: '2026-03-12T10:00:00.000Z' };
}

describe('ArticleComments', () => {
  it.each([
    [1, '1 commentaire'],
    [3, '3 commentaires'],
  ])('titles a list of %i comment(s) "%s"', (count, heading) => {
    const comments = Array.from({ length: count }, (_, index) => comment(`c${index}`, 'Merci !'));
    const list = mount(ArticleComments, { props: { comments, total: count } });

    expect(list.find('h2').text()).toBe(heading);
    expect(list.findAll('[data-testid="comment"]')).toHaveLength(count);
  });

  it('counts every approved comment, including those not loaded yet', () => {
    const list = mount(ArticleComments, {
      props: { comments: [comment('c1', 'Merci !')], total: 60, hasMore: true },
    });

    expect(list.find('h2').text()).toBe('60 commentaires');
    expect(list.find('button').text()).toBe('Afficher plus de commentaires');
  });

  it('shows each comment’s author, date in French and text', () => {
    const list = mount(ArticleComments, {
      props: { comments: [comment('c1', 'Très utile.', 'Aïcha')], total: 1 },
    });

    const item = list.find('[data-testid="comment"]');
    expect(item.find('.comment__author').text()).toBe('Aïcha');
    expect(item.find('time').text()).toBe('12 mars 2026');
    expect(item.find('time').attributes('datetime')).toBe('2026-03-12T10:00:00.000Z');
    expect(item.find('.comment__content').text()).toBe('Très utile.');
  });

  it('shows what a reader typed as text, line breaks included', () => {
    const content = 'Première ligne\nDeuxième <b>ligne</b>';
    const list = mount(ArticleComments, { props: { comments: [comment('c1', content)], total: 1 } });

    const text = list.find('.comment__content');
    expect(text.element.textContent).toBe(content);
    expect(text.find('b').exists()).toBe(false);
  });

  it('invites the reader to comment first when there is no comment yet', () => {
    const list = mount(ArticleComments, { props: { comments: [], total: 0 } });

    expect(list.text()).toContain('Soyez le premier à commenter.');
    expect(list.find('[data-testid="comment"]').exists()).toBe(false);
  });

  it('does not invite anyone to comment first when comments are closed', () => {
    const list = mount(ArticleComments, { props: { comments: [], total: 0, closed: true } });

    expect(list.text()).not.toContain('Soyez le premier à commenter.');
  });

  it('offers to try again when the comments could not be loaded', async () => {
    const list = mount(ArticleComments, {
      props: { comments: [], total: 0, error: new ApiError(null, 'Le serveur ne répond pas.') },
    });

    expect(list.find('[role="alert"]').text()).toContain('Le serveur ne répond pas.');
    await list.find('button').trigger('click');
    expect(list.emitted('retry')).toHaveLength(1);
  });
});
