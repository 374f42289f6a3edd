import { describe, expect, it } from 'vitest';
import { validateCommentInput, type CommentField } from './comment.js';

const VALID = {
  article: 'k2x9article',
  authorName: 'Aïcha Koné',
  authorEmail: 'aicha@example.org',
  content: 'Merci pour cet article très clair.',
};

function errorsOf(input: unknown): Partial<Record<CommentField, string>> {
  const result = validateCommentInput(input);
  return result.ok ? {} : result.errors;
}

describe('validateCommentInput', () => {
  it('accepts a complete comment and answers it normalised', () => {
    const result = validateCommentInput({
      article: '  k2x9article ',
      authorName: '  Aïcha \t  Koné ',
      authorEmail: '  Aicha@Example.ORG ',
      content: '  Première ligne\r\nDeuxième ligne\rTroisième  ',
    });

    expect(result).toEqual({
      ok: true,
      value: {
        article: 'k2x9article',
        authorName: 'Aïcha Koné',
        authorEmail: 'aicha@example.org',
        content: 'Première ligne\nDeuxième ligne\nTroisième',
      },
    });
  });

  it('ignores fields it does not know', () => {
    const result = validateCommentInput({ ...VALID, status: 'approved', authorEmailVerified: true });

    expect(result).toEqual({ ok: true, value: VALID });
  });

  it.each([
    ['the article is missing', { article: undefined }, 'article', "L'article commenté est manquant."],
    ['the article is blank', { article: '   ' }, 'article', "L'article commenté est manquant."],
    ['the name is missing', { authorName: undefined }, 'authorName', 'Le nom est obligatoire.'],
    ['the name is only spaces', { authorName: ' \n\t ' }, 'authorName', 'Le nom est obligatoire.'],
    ['the name is not text', { authorName: 42 }, 'authorName', 'Le nom est obligatoire.'],
    [
      'the name is too long',
      { authorName: 'a'.repeat(101) },
      'authorName',
      'Le nom ne doit pas dépasser 100 caractères.',
    ],
    ['the e-mail is missing', { authorEmail: '' }, 'authorEmail', "L'adresse e-mail est obligatoire."],
    [
      'the e-mail has no @',
      { authorEmail: 'aicha.example.org' },
      'authorEmail',
      "L'adresse e-mail n'est pas valide.",
    ],
    [
      'the e-mail has no domain dot',
      { authorEmail: 'aicha@example' },
      'authorEmail',
      "L'adresse e-mail n'est pas valide.",
    ],
    [
      'the e-mail contains a space',
      { authorEmail: 'ai cha@example.org' },
      'authorEmail',
      "L'adresse e-mail n'est pas valide.",
    ],
    [
      'the e-mail has two @',
      { authorEmail: 'a@b@example.org' },
      'authorEmail',
      "L'adresse e-mail n'est pas valide.",
    ],
    [
      'the e-mail is too long',
      { authorEmail: `${'a'.repeat(89)}@example.org` },
      'authorEmail',
      "L'adresse e-mail ne doit pas dépasser 100 caractères.",
    ],
    ['the comment is missing', { content: undefined }, 'content', 'Le commentaire est obligatoire.'],
    ['the comment is only spaces', { content: '   \n  ' }, 'content', 'Le commentaire est obligatoire.'],
    [
      'the comment is one character',
      { content: 'a' },
      'content',
      'Le commentaire doit contenir au moins 2 caractères.',
    ],
    [
      'the comment is too long',
      { content: 'a'.repeat(5001) },
      'content',
      'Le commentaire ne doit pas dépasser 5000 caractères.',
    ],
  ] as const)('rejects a comment when %s', (_case, patch, field, message) => {
    expect(errorsOf({ ...VALID, ...patch })).toEqual({ [field]: message });
  });

  it('reports every faulty field at once', () => {
    expect(errorsOf({})).toEqual({
      article: "L'article commenté est manquant.",
      authorName: 'Le nom est obligatoire.',
      authorEmail: "L'adresse e-mail est obligatoire.",
      content: 'Le commentaire est obligatoire.',
    });
  });

  it.each([null, undefined, 'texte', 42, ['a']])('rejects %j as a whole instead of throwing', (input) => {
    expect(validateCommentInput(input).ok).toBe(false);
  });

  // Each length limit, at the limit and one past it.
  const ofLength: Record<string, (size: number) => Partial<typeof VALID>> = {
    'a name': (size) => ({ authorName: 'n'.repeat(size) }),
    'an e-mail': (size) => ({ authorEmail: `${'a'.repeat(size - '@example.org'.length)}@example.org` }),
    'a comment': (size) => ({ content: 'c'.repeat(size) }),
  };
  it.each([
    ['a name', 100, true],
    ['a name', 101, false],
    ['an e-mail', 100, true],
    ['an e-mail', 101, false],
    ['a comment', 5000, true],
    ['a comment', 5001, false],
  ])('with %s of %i characters, answers ok = %s', (field, size, ok) => {
    expect(validateCommentInput({ ...VALID, ...ofLength[field](size) }).ok).toBe(ok);
  });

  it.each([
    ['a name of 100 emoji', { authorName: '😀'.repeat(100) }, true],
    ['a name of 101 emoji', { authorName: '😀'.repeat(101) }, false],
    ['a comment of 2 emoji', { content: '👍👍' }, true],
    ['a comment of 1 emoji', { content: '👍' }, false],
  ])('counts an emoji as one character: %s', (_case, patch, ok) => {
    expect(validateCommentInput({ ...VALID, ...patch }).ok).toBe(ok);
  });

  it('strips control characters but keeps tabs and line breaks', () => {
    const result = validateCommentInput({
      ...VALID,
      authorName: 'Aï\u0000cha\u0007',
      content: 'Bon\u0000jour\u001b\u007f\tà\ntous\u000b',
    });

    expect(result).toEqual({
      ok: true,
      value: { ...VALID, authorName: 'Aïcha', content: 'Bonjour\tà\ntous' },
    });
  });

  it('does not count stripped control characters towards the minimum length', () => {
    expect(errorsOf({ ...VALID, content: 'a\u0000\u0001\u0002' })).toEqual({
      content: 'Le commentaire doit contenir au moins 2 caractères.',
    });
  });

  it('refuses an e-mail or a website holding a control character, which would be stored as typed', () => {
    expect(
      errorsOf({
        ...VALID,
        authorEmail: 'ai\u0000cha@example.org',
        authorWebsite: 'https://exemple.org/\u0000page',
      }),
    ).toEqual({
      authorEmail: "L'adresse e-mail n'est pas valide.",
      authorWebsite: "L'adresse du site doit commencer par http:// ou https://.",
    });
  });

  it.each([
    ['a UUID', '3f2b8c1e-9d4a-4e7b-8f6c-2a1d0e9b7c55', true],
    ['22 URL-safe characters', 'AbCdEfGhIjKlMnOpQrStUv', true],
    ['too short to be secret', 'court-1234', false],
    ['a character outside URL-safe base64', 'AbCdEfGhIjKlMnOpQrStUv/', false],
    ['longer than 128 characters', 'a'.repeat(129), false],
  ])('accepts a commenter key that is %s: %s', (_case, authorKey, accepted) => {
    const result = validateCommentInput({ ...VALID, authorKey });
    if (accepted) {
      expect(result).toEqual({ ok: true, value: { ...VALID, authorKey } });
    } else {
      expect(errorsOf({ ...VALID, authorKey })).toEqual({
        authorKey: 'La clé de commentateur enregistrée par ce navigateur n’est pas valide.',
      });
    }
  });

  it('refuses a commenter key that is not text', () => {
    expect(Object.keys(errorsOf({ ...VALID, authorKey: 12345 }))).toEqual(['authorKey']);
    expect(validateCommentInput({ ...VALID, authorKey: null })).toEqual({ ok: true, value: VALID });
  });

  it.each([
    [true, { ...VALID, notifyReplies: true }],
    [false, VALID],
    [null, VALID],
    [undefined, VALID],
  ])('keeps the reply-notification choice %s only when it is a yes', (notifyReplies, value) => {
    expect(validateCommentInput({ ...VALID, notifyReplies })).toEqual({ ok: true, value });
  });

  it.each(['true', 1, 'oui', {}])(
    'refuses a reply-notification choice that is no boolean: %j',
    (notifyReplies) => {
      expect(Object.keys(errorsOf({ ...VALID, notifyReplies }))).toEqual(['notifyReplies']);
    },
  );

  it.each([
    'Rédaction Kiosque',
    'REDACTION-kiosque',
    'La rédaction',
    'Kiosque',
    ' kiosque. ',
    'Le modérateur',
    'Modération',
    'L’administratrice du site',
    'Re\u0301daction',
  ])('refuses a name that would pass for the site’s team: %j', (authorName) => {
    expect(errorsOf({ ...VALID, authorName })).toEqual({
      authorName: 'Ce nom est réservé à l’équipe du site : choisissez-en un autre.',
    });
  });

  it.each(['Rédacteur en herbe', 'Kiosque à journaux de Mamadou', 'Moderato Cantabile', 'Fatou Diop'])(
    'accepts a name that only looks like one of the team’s words: %j',
    (authorName) => {
      expect(validateCommentInput({ ...VALID, authorName })).toEqual({
        ok: true,
        value: { ...VALID, authorName },
      });
    },
  );

  it.each([
    [true, { ...VALID, notifyPublished: true }],
    [false, VALID],
    [null, VALID],
    [undefined, VALID],
  ])('keeps the publication-notification choice %s only when it is a yes', (notifyPublished, value) => {
    expect(validateCommentInput({ ...VALID, notifyPublished })).toEqual({ ok: true, value });
  });

  it.each(['true', 1, 'oui', {}])(
    'refuses a publication-notification choice that is no boolean: %j',
    (notifyPublished) => {
      expect(errorsOf({ ...VALID, notifyPublished })).toEqual({
        notifyPublished: 'Le choix « Prévenez-moi quand mon commentaire est publié » doit être oui ou non.',
      });
    },
  );
});
