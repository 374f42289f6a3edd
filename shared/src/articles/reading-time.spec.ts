import { describe, expect, it } from 'vitest';
import type { BlocksContent } from '../types.js';
import { countWords, readingTimeMinutes } from './reading-time.js';

const paragraph = (text: string): BlocksContent[number] => ({
  type: 'paragraph',
  children: [{ type: 'text', text }],
});

describe('reading time', () => {
  it('counts the words of nested blocks, elisions and hyphenated words once', () => {
    const body: BlocksContent = [
      paragraph('L’emploi du community manager est-il fait pour vous ?'),
      {
        type: 'list',
        format: 'unordered',
        children: [{ type: 'list-item', children: [{ type: 'text', text: 'Animer, 3 groupes' }] }],
      },
    ];
    expect(countWords(body)).toBe(11);
  });

  it('rounds up to whole minutes at 200 words a minute', () => {
    expect(readingTimeMinutes([paragraph('mot '.repeat(200))])).toBe(1);
    expect(readingTimeMinutes([paragraph('mot '.repeat(201))])).toBe(2);
    expect(readingTimeMinutes([paragraph('mot '.repeat(1000))])).toBe(5);
  });

  it('says one minute for an empty, missing or malformed body rather than failing', () => {
    expect(readingTimeMinutes([])).toBe(1);
    expect(readingTimeMinutes(null)).toBe(1);
    expect(readingTimeMinutes([{ nope: true }, 'text', null] as unknown[])).toBe(1);
  });
});
