import { describe, expect, it } from 'vitest';
import { checkBeacon, countDay, MAX_BEACON_EVENTS } from './counting.js';

const ID = 'k2v7n4q9x1c8m3b6z5r0t1y2';

describe('checkBeacon', () => {
  it('accepts a view, impressions of each variant and a share', () => {
    const body = {
      article: ID,
      events: [
        { kind: 'view' },
        { kind: 'impression', group: ID, variant: 'a' },
        { kind: 'impression', group: ID, variant: 'b' },
        { kind: 'share', network: 'whatsapp', extra: 'ignoré' },
      ],
    };
    expect(checkBeacon(body)).toEqual({
      ok: true,
      beacon: {
        article: ID,
        events: [
          { kind: 'view' },
          { kind: 'impression', group: ID, variant: 'a' },
          { kind: 'impression', group: ID, variant: 'b' },
          { kind: 'share', network: 'whatsapp' },
        ],
      },
    });
  });

  it.each([
    ['no body', null],
    ['an array', []],
    ['no article', { events: [{ kind: 'view' }] }],
    ['a malformed article', { article: '../x', events: [{ kind: 'view' }] }],
    ['an article id too long', { article: 'a'.repeat(65), events: [{ kind: 'view' }] }],
    ['no events', { article: ID, events: [] }],
    ['events that are not a list', { article: ID, events: { kind: 'view' } }],
    [
      'too many events',
      { article: ID, events: Array(MAX_BEACON_EVENTS + 1).fill({ kind: 'share', network: 'x' }) },
    ],
    ['an unknown kind', { article: ID, events: [{ kind: 'click', group: ID }] }],
    ['two views', { article: ID, events: [{ kind: 'view' }, { kind: 'view' }] }],
    ['an impression without a group', { article: ID, events: [{ kind: 'impression', variant: 'a' }] }],
    ['an unknown variant', { article: ID, events: [{ kind: 'impression', group: ID, variant: 'c' }] }],
    [
      'a variant that is not text',
      { article: ID, events: [{ kind: 'impression', group: ID, variant: ['a'] }] },
    ],
    ['an unknown network', { article: ID, events: [{ kind: 'share', network: 'myspace' }] }],
    ['an inherited network name', { article: ID, events: [{ kind: 'share', network: 'toString' }] }],
    ['an event that is not an object', { article: ID, events: ['view'] }],
  ])('refuses %s', (_label, body) => {
    const result = checkBeacon(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).not.toBe('');
  });
});

describe('countDay', () => {
  it('is the UTC day, whatever the time zone of the server', () => {
    expect(countDay(new Date('2026-12-01T23:59:59.999Z'))).toBe('2026-12-01');
    expect(countDay(new Date('2026-12-02T00:00:00+01:00'))).toBe('2026-12-01');
  });
});
