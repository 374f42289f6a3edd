import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommentCreated, CommentThread } from '@kiosque/shared';
import { ApiError } from '../api/client';
import { SUBMIT_COMMENT, type SubmitComment } from '../composables/useComments';
import { commentThread } from '../composables/useComments.fixtures';
import ArticleComments from './ArticleComments.vue';
import {
  cleanUpAfterCommentTest,
  expectSentComment,
  fillComment,
  sendComment,
  unmountAfterTest,
} from './ArticleCommentsForm.testing';

vi.mock('../api/comments', () => ({ createComment: vi.fn() }));

type Props = InstanceType<typeof ArticleComments>['$props'];

/** A thread four levels deep, as a CMS that ignored the depth limit would send it. */
function deepThread(): CommentThread {
  return commentThread('c1', {
    authorName: 'Awa',
    replies: [
      commentThread('c2', {
        authorName: 'Binta',
        depth: 2,
        parentDocumentId: 'c1',
        replies: [
          commentThread('c3', {
            authorName: 'Chérif',
            depth: 3,
            parentDocumentId: 'c2',
            replies: [commentThread('c4', { authorName: 'Diarra', depth: 3, parentDocumentId: 'c3' })],
          }),
        ],
      }),
    ],
  });
}

afterEach(cleanUpAfterCommentTest);

/** The list as the article page shows it, its reply forms sending through `submit` (provided by the page). */
function mountList(props: Partial<Props> = {}, submit: SubmitComment = vi.fn<SubmitComment>()): VueWrapper {
  return unmountAfterTest(
    mount(ArticleComments, {
      props: { threads: [], total: 0, articleDocumentId: 'article-1', ...props },
      global: { provide: { [SUBMIT_COMMENT]: submit } },
      attachTo: document.body,
    }),
  );
}

function commentElement(list: VueWrapper, author: string) {
  const found = list
    .findAll('[data-testid="comment"]')
    .find((element) => element.find('.comment__author').text() === author);
  if (!found) throw new Error(`No comment by ${author}`);
  return found;
}

describe('ArticleComments', () => {
  it.each([
    [0, '0 commentaire'],
    [1, '1 commentaire'],
    [3, '3 commentaires'],
  ])('titles a list of %i comment(s) "%s"', (count, heading) => {
    const threads = Array.from({ length: Math.max(count, 1) }, (_, index) => commentThread(`c${index}`));
    const list = mountList({ threads: count === 0 ? [] : threads, total: count });

    expect(list.find('h2').text()).toBe(heading);
    expect(list.findAll('[data-testid="comment"]')).toHaveLength(count);
  });

  it('counts every approved comment, replies and comments not loaded yet included', () => {
    const list = mountList({ threads: [deepThread()], total: 60, hasMore: true });

    expect(list.find('h2').text()).toBe('60 commentaires');
    expect(list.find('.comments > button').text()).toBe('Afficher plus de commentaires');
  });

  it('asks for the next page of threads when the reader wants more', async () => {
    const list = mountList({ threads: [commentThread('c1')], total: 30, hasMore: true });

    await list.find('.comments > button').trigger('click');

    expect(list.emitted('loadMore')).toHaveLength(1);
  });

  it('shows each comment’s author, date in French and text', () => {
    const list = mountList({
      threads: [commentThread('c1', { authorName: 'Aïcha', content: 'Très utile.' })],
      total: 1,
    });

    const item = list.find('[data-testid="comment"]');
    expect(item.find('.comment__author').text()).toBe('Aïcha');
    expect(item.find('time').text()).toBe('12 mars 2026');
    expect(item.find('time').attributes('datetime')).toBe('2026-03-12T10:00:00.000Z');
    expect(item.find('.comment__content').text()).toBe('Très utile.');
  });

  it('shows what a reader typed as text, line breaks included', () => {
    const content = 'Première ligne\nDeuxième <b>ligne</b>';
    const list = mountList({
      threads: [commentThread('c1', { content, authorName: '<i>Pirate</i>' })],
      total: 1,
    });

    const text = list.find('.comment__content');
    expect(text.element.textContent).toBe(content);
    expect(text.find('b').exists()).toBe(false);
    expect(list.find('.comment__author').text()).toBe('<i>Pirate</i>');
    expect(list.find('i').exists()).toBe(false);
  });

  it('nests replies under the comment they answer and marks every comment with its depth', () => {
    const list = mountList({ threads: [deepThread()], total: 4 });

    const comments = list.findAll('[data-testid="comment"]');
    expect(comments.map((element) => element.find('.comment__author').text())).toEqual([
      'Awa',
      'Binta',
      'Chérif',
      'Diarra',
    ]);
    expect(comments.map((element) => element.attributes('data-depth'))).toEqual(['1', '2', '3', '3']);
    // Binta's comment sits in the replies of Awa's, and Chérif's in the replies of Binta's.
    const awa = commentElement(list, 'Awa').element.parentElement;
    const binta = commentElement(list, 'Binta').element.parentElement;
    expect(awa?.querySelector(':scope > ol')?.contains(binta ?? null)).toBe(true);
    expect(binta?.querySelector(':scope > ol')?.contains(commentElement(list, 'Chérif').element)).toBe(true);
  });

  it('stops indenting replies after the third level', () => {
    const list = mountList({ threads: [deepThread()], total: 4 });

    const replyLists = list.findAll('.comment-item__replies');
    expect(replyLists).toHaveLength(3);
    // Replies to levels 1 and 2 step in; replies to level 3 line up with it.
    expect(replyLists.map((element) => element.classes('comment-item__replies--flat'))).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('marks the editorial team’s answer with a « Rédaction » badge a screen reader reads as a sentence', () => {
    const list = mountList({
      threads: [
        commentThread('c1', {
          authorName: 'Awa',
          replies: [
            commentThread('c2', {
              authorName: 'Rédaction Kiosque',
              editorial: true,
              depth: 2,
              parentDocumentId: 'c1',
            }),
          ],
        }),
      ],
      total: 2,
    });

    const answer = commentElement(list, 'Rédaction Kiosque');
    expect(answer.classes()).toContain('comment--editorial');
    expect(answer.find('[data-testid="editorial-badge"]').text()).toBe('Réponse de la Rédaction');
    expect(answer.find('[data-testid="editorial-badge"] .visually-hidden').text()).toBe('Réponse de la');
    const reader = commentElement(list, 'Awa');
    expect(reader.find('[data-testid="editorial-badge"]').exists()).toBe(false);
    expect(reader.classes()).not.toContain('comment--editorial');
  });

  it('links the author’s name to their website, opened apart and marked as user content', () => {
    const list = mountList({
      threads: [commentThread('c1', { authorName: 'Awa', authorWebsite: 'https://awa.example.org/blog' })],
      total: 1,
    });

    const link = list.find('a.comment__author');
    expect(link.text()).toBe('Awa');
    expect(link.attributes('href')).toBe('https://awa.example.org/blog');
    expect(link.attributes('target')).toBe('_blank');
    expect(link.attributes('rel')).toBe('nofollow ugc noopener noreferrer');
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'data:text/html,<b>x</b>',
    '//evil.example',
    'ftp://files.example.org',
  ])('never turns the website %j into a link', (authorWebsite) => {
    const list = mountList({
      threads: [commentThread('c1', { authorName: 'Awa', authorWebsite })],
      total: 1,
    });

    expect(list.find('a').exists()).toBe(false);
    expect(list.find('.comment__author').text()).toBe('Awa');
  });

  it('offers to sort the comments, oldest first by default, and asks for the chosen order', async () => {
    const list = mountList({ threads: [commentThread('c1'), commentThread('c2')], total: 2 });

    const select = list.find<HTMLSelectElement>('select');
    const label = list.find(`label[for="${select.attributes('id')}"]`);
    expect(label.text()).toBe('Trier les commentaires');
    expect(select.findAll('option').map((option) => option.text())).toEqual(['Plus anciens', 'Plus récents']);
    expect(select.element.value).toBe('oldest');

    await select.setValue('newest');

    expect(list.emitted('update:sort')).toEqual([['newest']]);
  });

  it('opens a reply form under the comment answered and sends its documentId as parent', async () => {
    const created: CommentCreated = {
      documentId: 'c9',
      status: 'approved',
      message: 'Merci ! Votre réponse est publiée.',
    };
    const submit = vi.fn<SubmitComment>().mockResolvedValue(created);
    const list = mountList({ threads: [deepThread()], total: 4 }, submit);

    await commentElement(list, 'Chérif').find('button').trigger('click');

    const form = list.find('.comment-form');
    expect(form.find('h3').text()).toBe('Répondre à Chérif');
    // Right under Chérif's comment, inside the same list item.
    expect(form.element.parentElement).toBe(commentElement(list, 'Chérif').element.parentElement);
    const reply = { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Je suis d’accord.' };
    await fillComment(form, reply);
    await sendComment(form);

    // The reply goes to the comment it answers.
    expectSentComment(submit, { ...reply, parent: 'c3' });
    expect(list.find('[data-testid="comment-success"]').text()).toBe(created.message);
  });

  it('lets a reader answer a comment at the deepest level', async () => {
    const submit = vi
      .fn<SubmitComment>()
      .mockResolvedValue({ documentId: 'c9', status: 'pending', message: 'Merci !' });
    const list = mountList({ threads: [deepThread()], total: 4 }, submit);

    await commentElement(list, 'Diarra').find('button').trigger('click');
    await fillComment(list, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Bien vu.' });
    await sendComment(list);

    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ parent: 'c4' }), expect.anything());
  });

  it('keeps a single reply form open, under the last comment the reader chose', async () => {
    const list = mountList({ threads: [deepThread()], total: 4 });

    await commentElement(list, 'Awa').find('button').trigger('click');
    await commentElement(list, 'Binta').find('button').trigger('click');

    expect(list.findAll('form')).toHaveLength(1);
    expect(list.find('h3').text()).toBe('Répondre à Binta');
  });

  it('closes the reply form on "Annuler la réponse" and gives the focus back to "Répondre"', async () => {
    const list = mountList({ threads: [deepThread()], total: 4 });
    const reply = commentElement(list, 'Binta').find('button');
    expect(reply.text()).toBe('Répondre');

    await reply.trigger('click');
    const cancel = list.findAll('button').find((button) => button.text() === 'Annuler la réponse');
    await cancel?.trigger('click');
    await flushPromises();

    expect(list.find('form').exists()).toBe(false);
    expect(document.activeElement).toBe(reply.element);
  });

  it('offers no reply when comments are closed but still shows the existing ones', () => {
    const list = mountList({ threads: [deepThread()], total: 4, closed: true });

    expect(list.findAll('[data-testid="comment"]')).toHaveLength(4);
    expect(list.findAll('button').filter((button) => button.text() === 'Répondre')).toHaveLength(0);
  });

  it('says the comments are loading before the first page arrives', () => {
    const list = mountList({ loading: true });

    expect(list.find('[role="status"]').text()).toBe('Chargement des commentaires…');
    expect(list.find('h2').text()).toBe('Commentaires');
  });

  it('invites the reader to comment first when there is no comment yet', () => {
    const list = mountList();

    expect(list.text()).toContain('Soyez le premier à commenter.');
    expect(list.find('[data-testid="comment"]').exists()).toBe(false);
    expect(list.find('select').exists()).toBe(false);
  });

  it('does not invite anyone to comment first when comments are closed', () => {
    const list = mountList({ closed: true });

    expect(list.text()).not.toContain('Soyez le premier à commenter.');
  });

  it('offers to try again when the comments could not be loaded', async () => {
    const list = mountList({ error: new ApiError(null, 'Le serveur ne répond pas.') });

    expect(list.find('[role="alert"]').text()).toContain('Le serveur ne répond pas.');
    await list.find('[role="alert"] button').trigger('click');
    expect(list.emitted('retry')).toHaveLength(1);
  });

  it('keeps the comments shown when loading more fails, and offers to try again', async () => {
    const list = mountList({
      threads: [commentThread('c1')],
      total: 30,
      hasMore: true,
      error: new ApiError(500, 'Le serveur a rencontré une erreur.'),
    });

    expect(list.findAll('[data-testid="comment"]')).toHaveLength(1);
    expect(list.find('[role="alert"]').text()).toContain('Le serveur a rencontré une erreur.');
    await list.find('[role="alert"] button').trigger('click');
    expect(list.emitted('retry')).toHaveLength(1);
  });
});
