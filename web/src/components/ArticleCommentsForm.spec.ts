import { nextTick } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { CommentCreated } from '@kiosque/shared';
import { ApiError, api } from '../api/client';
import type * as commentsApi from '../api/comments';
import { createComment } from '../api/comments';
import { SUBMIT_COMMENT, type SubmitComment } from '../composables/useComments';
import { COMMENT_AUTHOR_STORAGE_KEY } from '../utils/commentAuthor';
import { IDEMPOTENCY_KEY_PATTERN } from '../utils/idempotencyKey';
import ArticleCommentsForm from './ArticleCommentsForm.vue';
import {
  cleanUpAfterCommentTest,
  commentField,
  expectSentComment,
  fillComment,
  sendComment,
  type CommentFieldName,
  unmountAfterTest,
} from './ArticleCommentsForm.testing';

vi.mock('../api/comments', () => ({ createComment: vi.fn() }));

type Submit = SubmitComment;

const PENDING: CommentCreated = {
  documentId: 'c1',
  status: 'pending',
  message: 'Merci ! Votre commentaire est en attente de modération et sera publié après validation.',
};

afterEach(() => {
  cleanUpAfterCommentTest();
  vi.restoreAllMocks();
});

const NOT_CONFIRMED =
  'Votre commentaire n’a pas pu être confirmé. Vous pouvez le renvoyer sans risque de doublon.';

const AWA = { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' };

/** The comments API itself, retrying at once or when `wait` lets it. */
async function realSubmit(wait: (ms: number) => Promise<void> = () => Promise.resolve()): Promise<Submit> {
  const actual = await vi.importActual<typeof commentsApi>('../api/comments');
  return (input, options) => actual.createComment(input, { ...options, wait });
}

/** The Idempotency-Key header of each POST the comments API made. */
function headerKeys(post: MockInstance<typeof api.post>): unknown[] {
  return post.mock.calls.map((call) => call[2]?.headers?.['Idempotency-Key']);
}

/** The key the form gave each call of its submit function. */
function keysGiven(submit: ReturnType<typeof vi.fn<Submit>>): string[] {
  return submit.mock.calls.map(([, options]) => options.idempotencyKey);
}

const created = (data: CommentCreated) => ({ data: { data, meta: {} } });

/** The form as a page shows it, sending through `submit` (the article's comments, provided by the page). */
function mountForm({
  submit = vi.fn<Submit>(),
  ...props
}: {
  closed?: boolean;
  submit?: Submit;
  replyTo?: { documentId: string; authorName: string };
} = {}): VueWrapper {
  return unmountAfterTest(
    mount(ArticleCommentsForm, {
      props: { articleDocumentId: 'article-1', closed: false, ...props },
      global: { provide: { [SUBMIT_COMMENT]: submit } },
      attachTo: document.body,
    }),
  );
}

/** The text of the element the field points to with aria-describedby. */
function describedText(form: VueWrapper, name: CommentFieldName): string | undefined {
  const id = commentField(form, name).attributes('aria-describedby');
  return id ? form.find(`[id="${id}"]`).text() : undefined;
}

describe('ArticleCommentsForm', () => {
  it('labels every field and marks it as required', () => {
    const form = mountForm();

    for (const [name, label] of [
      ['authorName', 'Nom'],
      ['authorEmail', 'E-mail'],
      ['content', 'Commentaire'],
    ] as const) {
      const input = commentField(form, name);
      expect(form.find(`label[for="${input.attributes('id')}"]`).text()).toBe(`${label} *`);
      expect(input.attributes('required')).toBeDefined();
    }
    expect(form.find('h2').text()).toBe('Laisser un commentaire');
    expect(form.text()).toContain('Votre adresse e-mail ne sera pas publiée.');
    expect(form.find('button[type="submit"]').text()).toBe('Publier le commentaire');
  });

  it('shows the message of each missing field next to it and sends nothing', async () => {
    const submit = vi.fn<Submit>();
    const form = mountForm({ submit });

    await form.find('form').trigger('submit');

    expect(describedText(form, 'authorName')).toBe('Le nom est obligatoire.');
    expect(describedText(form, 'authorEmail')).toBe("L'adresse e-mail est obligatoire.");
    expect(describedText(form, 'content')).toBe('Le commentaire est obligatoire.');
    for (const name of ['authorName', 'authorEmail', 'content'] as const) {
      expect(commentField(form, name).attributes('aria-invalid')).toBe('true');
    }
    expect(submit).not.toHaveBeenCalled();
    expect(createComment).not.toHaveBeenCalled();
  });

  it('explains an invalid e-mail address and moves the focus to it', async () => {
    const submit = vi.fn<Submit>();
    const form = mountForm({ submit });
    await fillComment(form, {
      authorName: 'Awa',
      authorEmail: 'awa.example.org',
      content: 'Très utile, merci.',
    });

    await sendComment(form);

    expect(describedText(form, 'authorEmail')).toBe("L'adresse e-mail n'est pas valide.");
    expect(commentField(form, 'authorName').attributes('aria-invalid')).toBeUndefined();
    expect(commentField(form, 'authorName').attributes('aria-describedby')).toBeUndefined();
    expect(document.activeElement).toBe(commentField(form, 'authorEmail').element);
    expect(submit).not.toHaveBeenCalled();
  });

  it('sends the normalised comment and shows the server’s message once it is accepted', async () => {
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit });
    await fillComment(form, {
      authorName: '  Awa  Diallo ',
      authorEmail: ' Awa@Example.org',
      content: ' Très utile !\n',
    });

    await sendComment(form);

    expectSentComment(submit, {
      authorName: 'Awa Diallo',
      authorEmail: 'awa@example.org',
      content: 'Très utile !',
    });
    const success = form.find('[data-testid="comment-success"]');
    expect(success.attributes('role')).toBe('status');
    expect(success.text()).toBe(PENDING.message);
    expect(commentField(form, 'content').element.value).toBe('');
    expect(commentField(form, 'authorName').element.value).toBe('  Awa  Diallo ');
    expect(form.emitted('submitted')).toEqual([[PENDING]]);
  });

  it('disables the submit button while the comment is being sent', async () => {
    let answer: (result: CommentCreated) => void = () => undefined;
    const submit = vi.fn<Submit>(() => new Promise((resolve) => (answer = resolve)));
    const form = mountForm({ submit });
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await form.find('form').trigger('submit');
    const button = form.find<HTMLButtonElement>('button[type="submit"]');
    expect(button.element.disabled).toBe(true);
    expect(button.text()).toBe('Envoi…');

    await form.find('form').trigger('submit');
    expect(submit).toHaveBeenCalledTimes(1);

    answer(PENDING);
    await flushPromises();
    expect(button.element.disabled).toBe(false);
    expect(button.text()).toBe('Publier le commentaire');
  });

  it('shows the field messages the CMS sent back, its general message, and keeps what the reader typed', async () => {
    const submit = vi.fn<Submit>().mockRejectedValue(
      new ApiError(400, 'Le commentaire n’a pas pu être envoyé : vérifiez les champs indiqués.', {
        authorEmail: "L'adresse e-mail n'est pas valide.",
      }),
    );
    const form = mountForm({ submit });
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await sendComment(form);

    expect(describedText(form, 'authorEmail')).toBe("L'adresse e-mail n'est pas valide.");
    expect(form.find('[role="alert"]').text()).toBe(
      'Le commentaire n’a pas pu être envoyé : vérifiez les champs indiqués.',
    );
    expect(document.activeElement).toBe(commentField(form, 'authorEmail').element);
    expect(form.find('[data-testid="comment-success"]').exists()).toBe(false);
    expect(commentField(form, 'content').element.value).toBe('Très utile.');
    expect(form.emitted('submitted')).toBeUndefined();
  });

  it('shows a general error and keeps the typed text when the CMS cannot be reached', async () => {
    const submit = vi.fn<Submit>().mockRejectedValue(new ApiError(null, 'Le serveur ne répond pas.'));
    const form = mountForm({ submit });
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await sendComment(form);

    expect(form.find('[role="alert"]').text()).toBe('Le serveur ne répond pas.');
    expect(commentField(form, 'authorName').element.value).toBe('Awa');
    expect(commentField(form, 'content').element.value).toBe('Très utile.');
    expect(form.find<HTMLButtonElement>('button[type="submit"]').element.disabled).toBe(false);
  });

  it('clears the previous error once a new attempt succeeds', async () => {
    const submit = vi
      .fn<Submit>()
      .mockRejectedValueOnce(new ApiError(429, 'Trop de tentatives.'))
      .mockResolvedValueOnce(PENDING);
    const form = mountForm({ submit });
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await sendComment(form);
    await sendComment(form);

    expect(form.find('[role="alert"]').exists()).toBe(false);
    expect(form.find('[data-testid="comment-success"]').exists()).toBe(true);
  });

  it('refuses to show up outside an article’s comments, which it would have no way to send to', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    expect(() =>
      mount(ArticleCommentsForm, { props: { articleDocumentId: 'article-1', closed: false } }),
    ).toThrow(/provideSubmitComment/);
  });

  it('says comments are closed instead of showing the form', () => {
    const form = mountForm({ closed: true });

    expect(form.find('form').exists()).toBe(false);
    expect(form.text()).toBe('Les commentaires sont fermés pour cet article.');
  });

  it('offers an optional "Site web" field and explains an address that is not http(s) next to it', async () => {
    const submit = vi.fn<Submit>();
    const form = mountForm({ submit });
    const website = commentField(form, 'authorWebsite');
    expect(form.find(`label[for="${website.attributes('id')}"]`).text()).toBe('Site web');
    expect(website.attributes('type')).toBe('url');
    expect(website.attributes('required')).toBeUndefined();
    await fillComment(form, {
      authorName: 'Awa',
      authorEmail: 'awa@example.org',
      authorWebsite: 'javascript:alert(1)',
      content: 'Très utile.',
    });

    await sendComment(form);

    expect(describedText(form, 'authorWebsite')).toBe(
      "L'adresse du site doit commencer par http:// ou https://.",
    );
    expect(document.activeElement).toBe(website.element);
    expect(submit).not.toHaveBeenCalled();
  });

  it('sends the website the reader gave', async () => {
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit });
    await fillComment(form, {
      authorName: 'Awa',
      authorEmail: 'awa@example.org',
      authorWebsite: ' https://awa.example.org ',
      content: 'Très utile.',
    });

    await sendComment(form);

    expect(submit).toHaveBeenCalledWith(
      expect.objectContaining({ authorWebsite: 'https://awa.example.org' }),
      expect.anything(),
    );
  });

  it('hides the honeypot field off-screen, out of the keyboard’s and screen readers’ way', () => {
    const form = mountForm();

    const trap = commentField(form, 'company');
    const wrapperElement = form.find('[data-testid="comment-honeypot"]');
    expect(wrapperElement.attributes('aria-hidden')).toBe('true');
    expect(wrapperElement.classes()).toContain('comment-form__trap');
    expect(wrapperElement.attributes('style')).toBeUndefined();
    expect(trap.attributes('tabindex')).toBe('-1');
    expect(trap.attributes('autocomplete')).toBe('off');
    expect(form.find(`label[for="${trap.attributes('id')}"]`).text()).toBe('Ne pas remplir ce champ');
  });

  it('sends the honeypot field only when something filled it in', async () => {
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit });
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });
    await sendComment(form);

    await fillComment(form, { company: 'ACME', content: 'Achetez nos produits.' });
    await sendComment(form);

    expect(submit.mock.calls[0]?.[0]).not.toHaveProperty('company');
    expect(submit.mock.calls[1]?.[0]).toEqual({
      article: 'article-1',
      authorName: 'Awa',
      authorEmail: 'awa@example.org',
      content: 'Achetez nos produits.',
      company: 'ACME',
    });
  });

  it('stores nothing in the browser when the reader did not tick the box', async () => {
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit });
    const remember = form.find<HTMLInputElement>('[name="rememberAuthor"]');
    expect(remember.element.checked).toBe(false);
    expect(form.find(`label[for="${remember.attributes('id')}"]`).text()).toBe(
      'Enregistrer mon nom, mon e-mail et mon site dans ce navigateur pour mon prochain commentaire.',
    );
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await sendComment(form);

    expect(localStorage.getItem(COMMENT_AUTHOR_STORAGE_KEY)).toBeNull();
  });

  it('asks for reply notifications only when the reader ticks « Prévenez-moi des réponses »', async () => {
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit });
    const notify = form.find<HTMLInputElement>('[name="notifyReplies"]');
    expect(notify.element.checked).toBe(false);
    expect(form.find(`label[for="${notify.attributes('id')}"]`).text()).toBe(
      'Prévenez-moi des réponses par e-mail',
    );
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });
    await sendComment(form);
    expect(submit.mock.calls[0]?.[0]).not.toHaveProperty('notifyReplies');

    await notify.setValue(true);
    await fillComment(form, { content: 'Prévenez-moi, merci.' });
    await sendComment(form);
    expect(submit.mock.calls[1]?.[0].notifyReplies).toBe(true);
  });

  it('asks for a mail on publication only when the reader ticks « Prévenez-moi quand mon commentaire est publié »', async () => {
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit });
    const notify = form.find<HTMLInputElement>('[name="notifyPublished"]');
    expect(notify.element.checked).toBe(false);
    expect(form.find(`label[for="${notify.attributes('id')}"]`).text()).toBe(
      'Prévenez-moi quand mon commentaire est publié',
    );
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });
    await sendComment(form);
    expect(submit.mock.calls[0]?.[0]).not.toHaveProperty('notifyPublished');

    await notify.setValue(true);
    await fillComment(form, { content: 'Dites-moi quand il paraît.' });
    await sendComment(form);
    expect(submit.mock.calls[1]?.[0].notifyPublished).toBe(true);
    expect(submit.mock.calls[1]?.[0]).not.toHaveProperty('notifyReplies');
  });

  it('remembers the name, e-mail and website once a comment is sent with the box ticked', async () => {
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit });
    await fillComment(form, {
      authorName: 'Awa',
      authorEmail: 'Awa@Example.org',
      authorWebsite: 'https://awa.example.org',
      content: 'Très utile.',
    });
    await form.find('[name="rememberAuthor"]').setValue(true);

    await sendComment(form);

    const stored = JSON.parse(localStorage.getItem(COMMENT_AUTHOR_STORAGE_KEY) ?? 'null');
    expect(stored).toEqual({
      authorName: 'Awa',
      authorEmail: 'awa@example.org',
      authorWebsite: 'https://awa.example.org',
      authorKey: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(submit.mock.calls[0]?.[0].authorKey).toBe(stored.authorKey);
  });

  it('sends the remembered commenter key with the next comment, and no key without the box', async () => {
    const authorKey = '0123456789abcdef0123456789abcdef';
    localStorage.setItem(
      COMMENT_AUTHOR_STORAGE_KEY,
      JSON.stringify({ authorName: 'Awa', authorEmail: 'awa@example.org', authorWebsite: '', authorKey }),
    );
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit });
    await fillComment(form, { content: 'Encore merci.' });
    await sendComment(form);
    expect(submit.mock.calls[0]?.[0].authorKey).toBe(authorKey);

    await form.find('[name="rememberAuthor"]').setValue(false);
    await fillComment(form, { content: 'Sans être reconnue.' });
    await sendComment(form);
    expect(submit.mock.calls[1]?.[0]).not.toHaveProperty('authorKey');
  });

  it('does not remember anything when the comment is refused', async () => {
    const submit = vi.fn<Submit>().mockRejectedValue(new ApiError(429, 'Trop de commentaires.'));
    const form = mountForm({ submit });
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });
    await form.find('[name="rememberAuthor"]').setValue(true);

    await sendComment(form);

    expect(localStorage.getItem(COMMENT_AUTHOR_STORAGE_KEY)).toBeNull();
    expect(form.find('[role="alert"]').text()).toBe('Trop de commentaires.');
  });

  it('fills in the remembered details once mounted, ticks the box, and forgets them when it is unticked', async () => {
    localStorage.setItem(
      COMMENT_AUTHOR_STORAGE_KEY,
      JSON.stringify({
        authorName: 'Awa',
        authorEmail: 'awa@example.org',
        authorWebsite: 'https://awa.example.org',
      }),
    );
    const form = mountForm();
    const remember = form.find<HTMLInputElement>('[name="rememberAuthor"]');
    // Read from the browser's storage after mount (the server render knows nothing of it).
    await nextTick();

    expect(commentField(form, 'authorName').element.value).toBe('Awa');
    expect(commentField(form, 'authorEmail').element.value).toBe('awa@example.org');
    expect(commentField(form, 'authorWebsite').element.value).toBe('https://awa.example.org');
    expect(commentField(form, 'content').element.value).toBe('');
    expect(remember.element.checked).toBe(true);

    await remember.setValue(false);

    expect(localStorage.getItem(COMMENT_AUTHOR_STORAGE_KEY)).toBeNull();
  });

  it('ignores remembered details it cannot read', () => {
    localStorage.setItem(COMMENT_AUTHOR_STORAGE_KEY, '{not json');
    const form = mountForm();

    expect(commentField(form, 'authorName').element.value).toBe('');
    expect(form.find<HTMLInputElement>('[name="rememberAuthor"]').element.checked).toBe(false);
  });

  it('titles a reply form after the comment answered, sends it as parent and can be cancelled', async () => {
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit, replyTo: { documentId: 'c7', authorName: 'Binta' } });

    expect(form.find('h3').text()).toBe('Répondre à Binta');
    expect(document.activeElement).toBe(commentField(form, 'authorName').element);
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Bien dit.' });
    await sendComment(form);
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ parent: 'c7' }), expect.anything());

    const cancel = form.findAll('button').find((button) => button.text() === 'Annuler la réponse');
    await cancel?.trigger('click');
    expect(form.emitted('cancel')).toHaveLength(1);
  });

  it('shows a missing answered comment as a general alert', async () => {
    const submit = vi.fn<Submit>().mockRejectedValue(
      new ApiError(400, 'Le commentaire n’a pas pu être envoyé.', {
        parent: 'Le commentaire auquel vous répondez est introuvable.',
      }),
    );
    const form = mountForm({ submit, replyTo: { documentId: 'gone', authorName: 'Binta' } });
    await fillComment(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Bien dit.' });

    await sendComment(form);

    const alert = form.find('[role="alert"]');
    expect(alert.text()).toContain('Le commentaire n’a pas pu être envoyé.');
    expect(alert.text()).toContain('Le commentaire auquel vous répondez est introuvable.');
    expect(commentField(form, 'content').element.value).toBe('Bien dit.');
  });

  describe('sending each comment exactly once', () => {
    it('sends the submission’s key in the Idempotency-Key header and retries a lost request with the same key', async () => {
      const post = vi
        .spyOn(api, 'post')
        .mockRejectedValueOnce(new ApiError(null, 'Le serveur ne répond pas.'))
        .mockRejectedValueOnce(new ApiError(502, 'Le serveur a rencontré une erreur.'))
        .mockResolvedValueOnce(created(PENDING));
      const form = mountForm({ submit: await realSubmit() });
      await fillComment(form, AWA);

      await sendComment(form);

      const keys = headerKeys(post);
      expect(keys).toHaveLength(3);
      expect(keys[0]).toMatch(IDEMPOTENCY_KEY_PATTERN);
      expect(new Set(keys).size).toBe(1);
      expect(form.find('[data-testid="comment-success"]').text()).toBe(PENDING.message);
      expect(form.emitted('submitted')).toEqual([[PENDING]]);
    });

    it('stays in its sending state, button disabled and reading "Envoi…", while it retries', async () => {
      let resume: () => void = () => undefined;
      const wait = vi.fn(() => new Promise<void>((resolve) => (resume = resolve)));
      vi.spyOn(api, 'post')
        .mockRejectedValueOnce(new ApiError(503, 'Le serveur a rencontré une erreur.'))
        .mockResolvedValueOnce(created(PENDING));
      const form = mountForm({ submit: await realSubmit(wait) });
      await fillComment(form, AWA);

      await sendComment(form);

      const button = form.find<HTMLButtonElement>('button[type="submit"]');
      expect(wait).toHaveBeenCalledWith(500);
      expect(button.element.disabled).toBe(true);
      expect(button.text()).toBe('Envoi…');
      expect(button.attributes('aria-busy')).toBe('true');
      expect(form.find('[role="alert"]').exists()).toBe(false);

      resume();
      await flushPromises();

      expect(button.element.disabled).toBe(false);
      expect(button.text()).toBe('Publier le commentaire');
      expect(form.find('[data-testid="comment-success"]').exists()).toBe(true);
    });

    it.each([
      [400, 'Le commentaire n’a pas pu être envoyé : vérifiez les champs indiqués.'],
      [429, 'Trop de commentaires envoyés depuis votre connexion. Réessayez dans une minute.'],
    ])('does not retry a %i and shows the CMS’s answer', async (status, message) => {
      const post = vi.spyOn(api, 'post').mockRejectedValue(new ApiError(status, message));
      const form = mountForm({ submit: await realSubmit() });
      await fillComment(form, AWA);

      await sendComment(form);

      expect(post).toHaveBeenCalledTimes(1);
      expect(form.find('[role="alert"]').text()).toBe(message);
      expect(commentField(form, 'content').element.value).toBe('Très utile.');
    });

    it('uses a new key for the next comment once one was accepted, even with the same text', async () => {
      const post = vi.spyOn(api, 'post').mockResolvedValue(created(PENDING));
      const form = mountForm({ submit: await realSubmit() });
      await fillComment(form, AWA);
      await sendComment(form);

      await fillComment(form, { content: 'Très utile.' });
      await sendComment(form);

      const [first, second] = headerKeys(post);
      expect(post).toHaveBeenCalledTimes(2);
      expect(second).toMatch(IDEMPOTENCY_KEY_PATTERN);
      expect(second).not.toBe(first);
    });

    it('keeps the key when the reader sends the same comment again after a failure', async () => {
      const submit = vi
        .fn<Submit>()
        .mockRejectedValueOnce(new ApiError(null, NOT_CONFIRMED))
        .mockResolvedValueOnce(PENDING);
      const form = mountForm({ submit });
      await fillComment(form, AWA);

      await sendComment(form);
      await sendComment(form);

      const [first, second] = keysGiven(submit);
      expect(first).toMatch(IDEMPOTENCY_KEY_PATTERN);
      expect(second).toBe(first);
      expect(form.find('[data-testid="comment-success"]').exists()).toBe(true);
    });

    it.each<[string, Partial<Record<CommentFieldName, string>>]>([
      ['the comment', { content: 'Très utile, merci.' }],
      ['the name', { authorName: 'Awa D.' }],
      ['the website', { authorWebsite: 'https://awa.example.org' }],
    ])('uses a new key once the reader edits %s after a failure', async (_label, edit) => {
      const submit = vi.fn<Submit>().mockRejectedValue(new ApiError(null, NOT_CONFIRMED));
      const form = mountForm({ submit });
      await fillComment(form, AWA);
      await sendComment(form);

      await fillComment(form, edit);
      await sendComment(form);

      const [first, second] = keysGiven(submit);
      expect(second).toMatch(IDEMPOTENCY_KEY_PATTERN);
      expect(second).not.toBe(first);
    });

    it('uses a new key when a field is edited and then typed back as it was', async () => {
      const submit = vi.fn<Submit>().mockRejectedValue(new ApiError(null, NOT_CONFIRMED));
      const form = mountForm({ submit });
      await fillComment(form, AWA);
      await sendComment(form);

      await fillComment(form, { content: 'Très utile !' });
      await fillComment(form, { content: 'Très utile.' });
      await sendComment(form);

      const [first, second] = keysGiven(submit);
      expect(second).not.toBe(first);
    });

    it('says the comment was not confirmed and keeps everything typed once every attempt failed', async () => {
      const post = vi
        .spyOn(api, 'post')
        .mockRejectedValue(new ApiError(504, 'Le serveur a rencontré une erreur.'));
      const form = mountForm({ submit: await realSubmit() });
      await fillComment(form, { ...AWA, authorWebsite: 'https://awa.example.org' });

      await sendComment(form);

      expect(post).toHaveBeenCalledTimes(4);
      expect(form.find('[role="alert"]').text()).toBe(NOT_CONFIRMED);
      expect(commentField(form, 'authorName').element.value).toBe('Awa');
      expect(commentField(form, 'authorEmail').element.value).toBe('awa@example.org');
      expect(commentField(form, 'authorWebsite').element.value).toBe('https://awa.example.org');
      expect(commentField(form, 'content').element.value).toBe('Très utile.');
      const button = form.find<HTMLButtonElement>('button[type="submit"]');
      expect(button.element.disabled).toBe(false);
      expect(button.text()).toBe('Publier le commentaire');
      expect(form.emitted('submitted')).toBeUndefined();

      post.mockResolvedValueOnce(created(PENDING));
      await sendComment(form);

      // Sent again safely: the CMS recognises the key if one of the lost attempts did store it.
      expect(new Set(headerKeys(post)).size).toBe(1);
      expect(form.find('[data-testid="comment-success"]').text()).toBe(PENDING.message);
    });
  });
});
