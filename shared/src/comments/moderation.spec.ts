import { describe, expect, it } from 'vitest';
import {
  MODERATION_BATCH_MAX,
  commentExcerpt,
  validateEditorialReply,
  validateModerationRequest,
} from './moderation.js';

describe('validateModerationRequest', () => {
  it('accepts ids and a status, and keeps a repeated id once', () => {
    expect(validateModerationRequest({ documentIds: ['abc', 'def', 'abc'], status: 'spam' })).toEqual({
      ok: true,
      value: { documentIds: ['abc', 'def'], status: 'spam' },
    });
  });

  it.each([
    ['no body', undefined],
    ['an array', [{ documentIds: ['abc'], status: 'approved' }]],
    ['an unknown status', { documentIds: ['abc'], status: 'published' }],
    ['a status of another type', { documentIds: ['abc'], status: 1 }],
    ['no ids', { documentIds: [], status: 'approved' }],
    ['ids as a string', { documentIds: 'abc', status: 'approved' }],
    ['an id with a slash', { documentIds: ['../x'], status: 'approved' }],
    ['an id that is a number', { documentIds: [12], status: 'approved' }],
    ['an id too long', { documentIds: ['a'.repeat(65)], status: 'approved' }],
    ['an unknown key', { documentIds: ['abc'], status: 'approved', moderationReason: 'x' }],
    [
      'more ids than a page holds',
      { documentIds: Array.from({ length: MODERATION_BATCH_MAX + 1 }, (_, i) => `c${i}`), status: 'spam' },
    ],
  ])('refuses %s with a French message', (_name, body) => {
    const checked = validateModerationRequest(body);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toMatch(/[a-zé]{3,}/);
  });
});

describe('validateEditorialReply', () => {
  it('normalises the text as a reader’s comment is', () => {
    expect(validateEditorialReply({ content: '  Merci !\r\nLa rédaction  ' })).toEqual({
      ok: true,
      value: { content: 'Merci !\nLa rédaction' },
    });
  });

  it.each([
    ['no text', {}],
    ['a text too short', { content: 'a' }],
    ['a text too long', { content: 'x'.repeat(5001) }],
    ['a text that is not a string', { content: ['Merci'] }],
    ['an author name (the CMS signs the reply itself)', { content: 'Merci beaucoup', authorName: 'Moi' }],
  ])('refuses %s', (_name, body) => {
    expect(validateEditorialReply(body).ok).toBe(false);
  });
});

describe('commentExcerpt', () => {
  it.each([
    ['a short text, white space folded', 'Merci\n\n  pour   tout', 20, 'Merci pour tout'],
    ['a text of exactly the length', 'abcde', 5, 'abcde'],
    ['a longer text, cut after the last whole word', 'Un deux trois quatre', 12, 'Un deux…'],
    ['a first word longer than the excerpt', 'Anticonstitutionnellement', 10, 'Anticonsti…'],
    ['a cut right after a space', 'Un deux trois', 8, 'Un deux…'],
  ])('keeps %s', (_name, content, max, expected) => {
    expect(commentExcerpt(content, max)).toBe(expected);
  });
});
