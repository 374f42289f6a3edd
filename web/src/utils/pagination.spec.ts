import { describe, expect, it } from 'vitest';
import { pageFromQuery, paginationItems } from './pagination';

describe('pageFromQuery', () => {
  it.each([
    ['2', 2],
    ['1', 1],
    ['15', 15],
    [undefined, 1],
    [null, 1],
    ['0', 1],
    ['-3', 1],
    ['2.5', 1],
    ['abc', 1],
    ['1e3', 1],
    ['9999999', 1],
    [['3', '4'], 3],
  ])('reads ?page=%j as page %i', (value, expected) => {
    expect(pageFromQuery(value)).toBe(expected);
  });
});

describe('paginationItems', () => {
  it('shows nothing when everything fits on one page', () => {
    expect(paginationItems(1, 1)).toEqual([]);
    expect(paginationItems(1, 0)).toEqual([]);
  });

  it('shows every page of a short list', () => {
    expect(paginationItems(2, 4)).toEqual([1, 2, 3, 4]);
  });

  it('keeps the first, the last and the neighbours of the current page, with gaps between', () => {
    expect(paginationItems(10, 20)).toEqual([1, 'gap', 9, 10, 11, 'gap', 20]);
    expect(paginationItems(1, 20)).toEqual([1, 2, 'gap', 20]);
    expect(paginationItems(20, 20)).toEqual([1, 'gap', 19, 20]);
  });

  it('shows a single hidden page instead of a gap', () => {
    expect(paginationItems(4, 10)).toEqual([1, 2, 3, 4, 5, 'gap', 10]);
  });
});
