import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommentCreated, CommentInput } from '@kiosque/shared';
import { ApiError } from '../api/client';
import { createComment } from '../api/comments';
import ArticleCommentsForm from './ArticleCommentsForm.vue';

vi.mock('../api/comments', () => ({ createComment: vi.fn() }));

type Submit = (input: CommentInput) => Promise<CommentCreated>;
type FieldName = 'authorName' | 'authorEmail' | 'content';

const PENDING: CommentCreated = {
  documentId: 'c1',
  status: 'pending',
  message: 'Merci ! Votre commentaire est en attente de modération et sera publié après validation.',
};

let wrapper: VueWrapper | undefined;

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  vi.clearAllMocks();
});

function mountForm(props: { closed?: boolean; submit?: Submit } = {}): VueWrapper {
  wrapper = mount(ArticleCommentsForm, {
    props: { articleDocumentId: 'article-1', closed: false, ...props },
    attachTo: document.body,
  });
  return wrapper;
}

async function fill(form: VueWrapper, values: Partial<Record<FieldName, string>>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    await form.find(`[name="${name}"]`).setValue(value);
  }
}

function field(form: VueWrapper, name: FieldName) {
  return form.find<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
}

/** The text of the element the field points to with aria-describedby. */
function describedText(form: VueWrapper, name: FieldName): string | undefined {
  const id = field(form, name).attributes('aria-describedby');
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
      const input = field(form, name);
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
      expect(field(form, name).attributes('aria-invalid')).toBe('true');
    }
    expect(submit).not.toHaveBeenCalled();
    expect(createComment).not.toHaveBeenCalled();
  });

  it('explains an invalid e-mail address and moves the focus to it', async () => {
    const submit = vi.fn<Submit>();
    const form = mountForm({ submit });
    await fill(form, { authorName: 'Awa', authorEmail: 'awa.example.org', content: 'Très utile, merci.' });

    await form.find('form').trigger('submit');
    await flushPromises();

    expect(describedText(form, 'authorEmail')).toBe("L'adresse e-mail n'est pas valide.");
    expect(field(form, 'authorName').attributes('aria-invalid')).toBeUndefined();
    expect(field(form, 'authorName').attributes('aria-describedby')).toBeUndefined();
    expect(document.activeElement).toBe(field(form, 'authorEmail').element);
    expect(submit).not.toHaveBeenCalled();
  });

  it('sends the normalised comment and shows the server’s message once it is accepted', async () => {
    const submit = vi.fn<Submit>().mockResolvedValue(PENDING);
    const form = mountForm({ submit });
    await fill(form, {
      authorName: '  Awa  Diallo ',
      authorEmail: ' Awa@Example.org',
      content: ' Très utile !\n',
    });

    await form.find('form').trigger('submit');
    await flushPromises();

    expect(submit).toHaveBeenCalledWith({
      article: 'article-1',
      authorName: 'Awa Diallo',
      authorEmail: 'awa@example.org',
      content: 'Très utile !',
    });
    const success = form.find('[data-testid="comment-success"]');
    expect(success.attributes('role')).toBe('status');
    expect(success.text()).toBe(PENDING.message);
    expect(field(form, 'content').element.value).toBe('');
    expect(field(form, 'authorName').element.value).toBe('  Awa  Diallo ');
    expect(form.emitted('submitted')).toEqual([[PENDING]]);
  });

  it('disables the submit button while the comment is being sent', async () => {
    let answer: (result: CommentCreated) => void = () => undefined;
    const submit = vi.fn<Submit>(() => new Promise((resolve) => (answer = resolve)));
    const form = mountForm({ submit });
    await fill(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await form.find('form').trigger('submit');
    const button = form.find<HTMLButtonElement>('button[type="submit"]');
    expect(button.element.disabled).toBe(true);

    await form.find('form').trigger('submit');
    expect(submit).toHaveBeenCalledTimes(1);

    answer(PENDING);
    await flushPromises();
    expect(button.element.disabled).toBe(false);
  });

  it('shows the field messages the CMS sent back and keeps what the reader typed', async () => {
    const submit = vi.fn<Submit>().mockRejectedValue(
      new ApiError(400, 'Le commentaire n’a pas pu être envoyé : vérifiez les champs indiqués.', {
        authorEmail: "L'adresse e-mail n'est pas valide.",
      }),
    );
    const form = mountForm({ submit });
    await fill(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await form.find('form').trigger('submit');
    await flushPromises();

    expect(describedText(form, 'authorEmail')).toBe("L'adresse e-mail n'est pas valide.");
    expect(form.find('[role="alert"]').exists()).toBe(false);
    expect(form.find('[data-testid="comment-success"]').exists()).toBe(false);
    expect(field(form, 'content').element.value).toBe('Très utile.');
    expect(form.emitted('submitted')).toBeUndefined();
  });

  it('shows a general error and keeps the typed text when the CMS cannot be reached', async () => {
    const submit = vi.fn<Submit>().mockRejectedValue(new ApiError(null, 'Le serveur ne répond pas.'));
    const form = mountForm({ submit });
    await fill(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await form.find('form').trigger('submit');
    await flushPromises();

    expect(form.find('[role="alert"]').text()).toBe('Le serveur ne répond pas.');
    expect(field(form, 'authorName').element.value).toBe('Awa');
    expect(field(form, 'content').element.value).toBe('Très utile.');
    expect(form.find<HTMLButtonElement>('button[type="submit"]').element.disabled).toBe(false);
  });

  it('clears the previous error once a new attempt succeeds', async () => {
    const submit = vi
      .fn<Submit>()
      .mockRejectedValueOnce(new ApiError(429, 'Trop de tentatives.'))
      .mockResolvedValueOnce(PENDING);
    const form = mountForm({ submit });
    await fill(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await form.find('form').trigger('submit');
    await flushPromises();
    await form.find('form').trigger('submit');
    await flushPromises();

    expect(form.find('[role="alert"]').exists()).toBe(false);
    expect(form.find('[data-testid="comment-success"]').exists()).toBe(true);
  });

  it('posts through the comments API when the page gives no submit function', async () => {
    vi.mocked(createComment).mockResolvedValue(PENDING);
    const form = mountForm();
    await fill(form, { authorName: 'Awa', authorEmail: 'awa@example.org', content: 'Très utile.' });

    await form.find('form').trigger('submit');
    await flushPromises();

    expect(createComment).toHaveBeenCalledWith({
      article: 'article-1',
      authorName: 'Awa',
      authorEmail: 'awa@example.org',
      content: 'Très utile.',
    });
    expect(form.find('[data-testid="comment-success"]').text()).toBe(PENDING.message);
  });

  it('says comments are closed instead of showing the form', () => {
    const form = mountForm({ closed: true });

    expect(form.find('form').exists()).toBe(false);
    expect(form.text()).toBe('Les commentaires sont fermés pour cet article.');
  });
});
