import { describe, expect, it } from 'vitest';
import type { PublicComment } from '../types.js';
import {
  buildThreads,
  commentsAreOpen,
  blockedWordIn,
  containsBlockedWord,
  countLinks,
  placementUnder,
  judgeByRules,
  type CommentRuleSettings,
  type ParentComment,
} from './rules.js';

const DAY = 86_400_000;

describe('countLinks', () => {
  it.each([
    ['Pas de lien ici.', 0],
    ['Voir https://example.org et http://example.com/page', 2],
    ['www.example.org, puis WWW.EXEMPLE.FR', 2],
    ['example.org sans schéma ne compte pas', 0],
    ['mailto:awa@example.org ne compte pas', 0],
  ])('%j has %i link(s)', (text, expected) => {
    expect(countLinks(text)).toBe(expected);
  });
});

describe('containsBlockedWord', () => {
  it.each([
    [['Un texte propre'], ['casino'], false],
    [['Gagnez au CASINO'], ['casino'], true],
    [['Awa', 'awa@casino.example'], ['casino'], true],
    [['Crédit facile et rapide'], ['crédit facile'], true],
    [['Tout mot'], [], false],
    // Whole words only: a short word does not hold the long ones that start with it.
    [['Un bon conseil pour votre contrat'], ['con'], false],
    [['Quel con !'], ['con'], true],
    [['CON, vraiment'], ['con'], true],
    // Accents and case are ignored on both sides.
    [['CREDIT   facile, sans dossier'], ['crédit facile'], true],
    [['Crédit facile'], ['CREDIT FACILE'], true],
    [['Un crédit difficile à obtenir'], ['crédit facile'], false],
    [['Il a du cœur'], ['coeur'], true],
    [["C'est l'arnaque"], ['arnaque'], true],
    [['arnaques en série'], ['arnaque'], false],
    // A blocked entry made only of punctuation matches nothing.
    [['Bonjour !'], ['!!'], false],
  ])('%j with %j: %s', (texts, words, expected) => {
    expect(containsBlockedWord(texts, words)).toBe(expected);
  });
});

describe('commentsAreOpen', () => {
  const now = Date.UTC(2026, 0, 31);
  it.each([
    ['open, no limit', { commentsClosed: false, publishedAt: new Date(now - 400 * DAY) }, null, true],
    ['closed by the editor', { commentsClosed: true, publishedAt: new Date(now) }, null, false],
    ['younger than the limit', { publishedAt: new Date(now - 6 * DAY).toISOString() }, 7, true],
    ['exactly as old as the limit', { publishedAt: new Date(now - 7 * DAY) }, 7, false],
    ['older than the limit', { publishedAt: new Date(now - 30 * DAY) }, 7, false],
    ['never published', { publishedAt: null }, 7, true],
    ['a limit of 0 days', { publishedAt: new Date(now - 1) }, 0, false],
  ])('%s', (_case, article, autoCloseAfterDays, expected) => {
    expect(commentsAreOpen(article, { autoCloseAfterDays }, now)).toBe(expected);
  });
});

describe('judgeByRules', () => {
  const settings = (overrides: Partial<CommentRuleSettings> = {}): CommentRuleSettings => ({
    moderationMode: 'trusted-authors',
    autoCloseAfterDays: null,
    maxLinks: 1,
    blockedWords: ['casino'],
    ...overrides,
  });
  const comment = { content: 'Merci', authorName: 'Awa', authorEmail: 'awa@example.org', hasAuthorKey: true };

  it.each([
    ['publish-all', comment, settings({ moderationMode: 'publish-all' }), 'approved', null],
    [
      'hold-all',
      comment,
      settings({ moderationMode: 'hold-all' }),
      'pending',
      'tous les commentaires sont validés à la main (réglage « Modération »)',
    ],
    ['trusted-authors with a key', comment, settings(), 'ask-trusted', null],
    [
      'trusted-authors without a key',
      { ...comment, hasAuthorKey: false },
      settings(),
      'pending',
      'premier commentaire de cet auteur (ou écrit depuis un autre navigateur)',
    ],
    [
      'too many links, even in publish-all',
      { ...comment, content: 'https://a.example https://b.example' },
      settings({ moderationMode: 'publish-all' }),
      'pending',
      '2 liens (1 permis)',
    ],
    [
      'a blocked word in the website',
      { ...comment, authorWebsite: 'https://casino.example' },
      settings({ moderationMode: 'publish-all', maxLinks: 5 }),
      'pending',
      'mot retenu « casino »',
    ],
  ] as const)('%s', (_case, input, rules, status, reason) => {
    expect(judgeByRules(input, rules)).toEqual({ status, reason });
  });
});

describe('placementUnder', () => {
  const parent = (overrides: Partial<ParentComment> = {}): ParentComment => ({
    documentId: 'parent',
    depth: 1,
    parentDocumentId: null,
    threadRootId: null,
    moderationStatus: 'approved',
    ...overrides,
  });

  it.each([
    ['no parent', null, null],
    ['a pending parent', parent({ moderationStatus: 'pending' }), null],
    ['a rejected parent', parent({ moderationStatus: 'rejected' }), null],
    ['a root', parent(), { parentDocumentId: 'parent', threadRootId: 'parent', depth: 2 }],
    [
      'a root stored without depth',
      parent({ depth: null }),
      { parentDocumentId: 'parent', threadRootId: 'parent', depth: 2 },
    ],
    [
      'a reply at depth 2',
      parent({ depth: 2, parentDocumentId: 'root', threadRootId: 'root' }),
      { parentDocumentId: 'parent', threadRootId: 'root', depth: 3 },
    ],
    [
      'a reply at the deepest level: beside it',
      parent({ depth: 3, parentDocumentId: 'middle', threadRootId: 'root' }),
      { parentDocumentId: 'middle', threadRootId: 'root', depth: 3 },
    ],
  ] as const)('%s', (_case, given, expected) => {
    expect(placementUnder(given)).toEqual(expected);
  });
});

describe('buildThreads', () => {
  const comment = (documentId: string, parentDocumentId: string | null = null, depth = 1): PublicComment => ({
    documentId,
    authorName: documentId,
    authorWebsite: null,
    content: documentId,
    createdAt: '2026-01-01T00:00:00.000Z',
    parentDocumentId,
    depth,
    editorial: false,
  });
  const shape = (threads: ReturnType<typeof buildThreads>): unknown =>
    threads.map((thread) => [thread.documentId, shape(thread.replies)]);

  it.each([
    [
      'roots alone, in their order',
      ['b', 'a'],
      [],
      [],
      [
        ['b', []],
        ['a', []],
      ],
    ],
    [
      'replies nested under their parents, oldest first',
      ['a'],
      [comment('a1', 'a', 2), comment('a2', 'a', 2), comment('a1x', 'a1', 3)],
      [],
      [
        [
          'a',
          [
            ['a1', [['a1x', []]]],
            ['a2', []],
          ],
        ],
      ],
    ],
    [
      'a reply whose parent is not shown joins its root',
      ['a'],
      [comment('orphan', 'hidden', 3)],
      [['orphan', 'a']],
      [['a', [['orphan', []]]]],
    ],
    [
      'a reply whose root is not shown is left out',
      ['a'],
      [comment('elsewhere', 'hidden', 2)],
      [['elsewhere', 'other']],
      [['a', []]],
    ],
  ] as const)('%s', (_case, roots, replies, rootOf, expected) => {
    const threads = buildThreads(
      roots.map((id) => comment(id)),
      [...replies],
      new Map(rootOf.map(([reply, root]) => [reply, root] as [string, string])),
    );
    expect(shape(threads)).toEqual(expected);
  });
});

describe('blockedWordIn', () => {
  it('names the blocked entry as the editor wrote it, so that the reason can be shown', () => {
    expect(blockedWordIn(['Gagnez au Casino'], ['arnaque', 'CASINO'])).toBe('CASINO');
    expect(blockedWordIn(['Un texte propre'], ['arnaque', 'casino'])).toBeNull();
  });
});
