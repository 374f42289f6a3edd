import { describe, expect, it } from 'vitest';
import {
  normaliseCategory,
  parseTargetCategories,
  resolveAvailableGroup,
  selectGroupsForCategory,
  type GroupForSelection,
} from './selection.js';

function group(documentId: string, overrides: Partial<GroupForSelection> = {}): GroupForSelection {
  return {
    documentId,
    name: documentId,
    platform: 'whatsapp_group',
    displayOrder: 0,
    active: true,
    full: false,
    targetCategories: [],
    replacementDocumentId: null,
    ...overrides,
  };
}

const ids = (groups: GroupForSelection[]) => groups.map((g) => g.documentId);

describe('parseTargetCategories', () => {
  it('reads one category per line, trimmed, without blanks or duplicates', () => {
    expect(parseTargetCategories(' Emploi \n\nFormation\nemploi\r\n  Métiers   du web ')).toEqual([
      'Emploi',
      'Formation',
      'Métiers du web',
    ]);
  });

  it('also accepts commas and a list, and treats anything else as no category', () => {
    expect(parseTargetCategories('Emploi, Formation')).toEqual(['Emploi', 'Formation']);
    expect(parseTargetCategories(['Emploi', 3, ' '])).toEqual(['Emploi']);
    expect(parseTargetCategories(null)).toEqual([]);
  });

  it('compares categories without regard to case or spacing', () => {
    expect(normaliseCategory('  MÉTIERS   du Web ')).toBe(normaliseCategory('métiers du web'));
  });
});

describe('selectGroupsForCategory', () => {
  const general1 = group('general-1', { displayOrder: 1 });
  const general2 = group('general-2', { displayOrder: 2, platform: 'telegram' });
  const jobs = group('jobs', { displayOrder: 5, targetCategories: ['Emploi'] });
  const jobsTelegram = group('jobs-telegram', {
    displayOrder: 3,
    platform: 'telegram',
    targetCategories: ['Formation', 'Emploi'],
  });

  it('shows the groups that target the article’s category, in display order', () => {
    expect(ids(selectGroupsForCategory([general1, jobs, general2, jobsTelegram], 'emploi'))).toEqual([
      'jobs-telegram',
      'jobs',
    ]);
  });

  it('shows the general groups when no group targets the category', () => {
    expect(ids(selectGroupsForCategory([jobs, general2, general1], 'Métiers du web'))).toEqual([
      'general-1',
      'general-2',
    ]);
  });

  it('shows the general groups when the article has no category', () => {
    expect(ids(selectGroupsForCategory([jobs, general1], null))).toEqual(['general-1']);
    expect(ids(selectGroupsForCategory([jobs, general1], ''))).toEqual(['general-1']);
  });

  it('never shows an inactive group, and falls back to the general ones when targeted ones are all off', () => {
    const off = { ...jobs, active: false };
    expect(ids(selectGroupsForCategory([off, general1], 'Emploi'))).toEqual(['general-1']);
  });

  it('breaks display-order ties by name', () => {
    const b = group('b', { name: 'Bêta' });
    const a = group('a', { name: 'Alpha' });
    expect(ids(selectGroupsForCategory([b, a], null))).toEqual(['a', 'b']);
  });

  it('shows the replacement of a full group in its place', () => {
    const full = group('full', { displayOrder: 1, full: true, replacementDocumentId: 'new' });
    const replacement = group('new', { displayOrder: 9, targetCategories: ['Autre'] });
    expect(ids(selectGroupsForCategory([full, general2, replacement], null))).toEqual(['new', 'general-2']);
  });

  it('shows a group once even when a full group hands over to it', () => {
    const full = group('full', { displayOrder: 0, full: true, replacementDocumentId: 'general-1' });
    expect(ids(selectGroupsForCategory([full, general1, general2], null))).toEqual([
      'general-1',
      'general-2',
    ]);
  });

  it('leaves a full group out when nothing can take over from it', () => {
    const full = group('full', { platform: 'whatsapp_channel', full: true });
    expect(ids(selectGroupsForCategory([full, general2], null))).toEqual(['general-2']);
  });
});

describe('resolveAvailableGroup', () => {
  it('keeps a group that has room', () => {
    const open = group('open');
    expect(resolveAvailableGroup(open, [open])).toBe(open);
  });

  it('follows replacements of replacements until one has room', () => {
    const a = group('a', { full: true, replacementDocumentId: 'b' });
    const b = group('b', { full: true, replacementDocumentId: 'c' });
    const c = group('c', { platform: 'telegram' });
    expect(resolveAvailableGroup(a, [a, b, c])?.documentId).toBe('c');
  });

  it('takes the next group of the same platform when the replacement is missing, inactive or full', () => {
    const a = group('a', { displayOrder: 1, full: true, replacementDocumentId: 'gone' });
    const before = group('before', { displayOrder: 0 });
    const after = group('after', { displayOrder: 2 });
    const telegram = group('telegram', { displayOrder: 3, platform: 'telegram' });
    expect(resolveAvailableGroup(a, [a, before, after, telegram])?.documentId).toBe('after');
    expect(resolveAvailableGroup(a, [a, before, telegram])?.documentId).toBe('before');

    const inactive = group('inactive', { active: false });
    const b = { ...a, replacementDocumentId: 'inactive' };
    expect(resolveAvailableGroup(b, [b, inactive, after])?.documentId).toBe('after');
  });

  it('prefers a next group meant for the same readers', () => {
    const a = group('a', { displayOrder: 1, full: true, targetCategories: ['Emploi'] });
    const general = group('general', { displayOrder: 2 });
    const jobs = group('jobs', { displayOrder: 3, targetCategories: ['emploi'] });
    expect(resolveAvailableGroup(a, [a, general, jobs])?.documentId).toBe('jobs');
  });

  it('survives replacement cycles and answers null when every group of the platform is full', () => {
    const a = group('a', { full: true, replacementDocumentId: 'b' });
    const b = group('b', { full: true, replacementDocumentId: 'a' });
    const self = group('self', { full: true, replacementDocumentId: 'self' });
    expect(resolveAvailableGroup(a, [a, b])).toBeNull();
    expect(resolveAvailableGroup(self, [self])).toBeNull();
  });

  it('answers null for an inactive group', () => {
    const off = group('off', { active: false });
    expect(resolveAvailableGroup(off, [off, group('other')])).toBeNull();
  });
});
