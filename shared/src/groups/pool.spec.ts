import { describe, expect, it } from 'vitest';
import {
  groupsWithSeats,
  hasSeat,
  isNearlyFull,
  isPoolSlug,
  seatsLeft,
  WHATSAPP_GROUP_CAP,
  type PoolSeatGroup,
} from './pool.js';

function group(name: string, overrides: Partial<PoolSeatGroup> = {}): PoolSeatGroup & { name: string } {
  return { name, active: true, full: false, members: 0, joins: 0, ...overrides };
}

describe('pool rotation rules', () => {
  it('keeps the pool’s order and skips a group said full, hidden, or whose estimate reached the cap', () => {
    const groups = [
      group('Emploi 1', { full: true }),
      group('Emploi 2', { members: 1000, joins: 24 }),
      group('Emploi 3', { active: false }),
      group('Emploi 4', { members: 1000, joins: 23 }),
      group('Emploi 5'),
    ];
    expect(groupsWithSeats(groups, WHATSAPP_GROUP_CAP).map((g) => g.name)).toEqual(['Emploi 4', 'Emploi 5']);
  });

  it('counts the members entered and the joins since together against the cap', () => {
    expect(hasSeat(group('a', { members: 9, joins: 0 }), 10)).toBe(true);
    expect(hasSeat(group('a', { members: 5, joins: 4 }), 10)).toBe(true);
    expect(hasSeat(group('a', { members: 5, joins: 5 }), 10)).toBe(false);
    // An editor who enters more members than the cap gets a full group, not negative seats.
    expect(hasSeat(group('a', { members: 12 }), 10)).toBe(false);
  });

  it('adds up the seats left of the groups that take readers only', () => {
    const groups = [
      group('a', { members: 7 }),
      group('b', { full: true }),
      group('c', { members: 12 }),
      group('d', { members: 2, joins: 3 }),
    ];
    expect(seatsLeft(groups, 10)).toBe(3 + 5);
    expect(seatsLeft([], 10)).toBe(0);
  });

  it('says nearly full below the threshold, and never with a threshold of 0', () => {
    expect(isNearlyFull(49, 50)).toBe(true);
    expect(isNearlyFull(50, 50)).toBe(false);
    expect(isNearlyFull(0, 0)).toBe(false);
  });
});

describe('isPoolSlug', () => {
  it.each([
    ['emploi-dakar', true],
    ['offres2026', true],
    ['Emploi', false],
    ['emploi--dakar', false],
    ['-emploi', false],
    ['emploi/../admin', false],
    ['emploi%00', false],
    ['', false],
    ['a'.repeat(81), false],
    [42, false],
  ])('%s: %s', (input, expected) => {
    expect(isPoolSlug(input)).toBe(expected);
  });
});
