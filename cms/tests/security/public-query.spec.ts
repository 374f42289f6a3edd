import { describe, expect, it } from 'vitest';
import {
  isAllowedQuery,
  oneOf,
  positiveInteger,
  text,
  type QueryAllowList,
} from '../../src/utils/public-query';

// The queries below are written as Koa's qs parser hands them to Strapi (arrays for `[0]`, null for
// a key without `=`).

const LIST: QueryAllowList = {
  'pagination[page]': positiveInteger(),
  'pagination[pageSize]': positiveInteger(100),
  'filters[category][slug][$eq]': text,
  'filters[$and][*][$or][*][title][$containsi]': text,
  'fields[*]': oneOf('name', 'slug'),
  sort: oneOf('name:asc'),
};

describe('a public query allow-list', () => {
  it.each<[string, Record<string, unknown>]>([
    ['no query at all', {}],
    ['a page', { pagination: { page: '2', pageSize: '100' } }],
    ['a category', { filters: { category: { slug: { $eq: 'emploi' } } } }],
    [
      'the words of a search, each in its own $and entry',
      {
        filters: {
          $and: [{ $or: [{ title: { $containsi: 'cv' } }] }, { $or: [{ title: { $containsi: 'emploi' } }] }],
        },
      },
    ],
    ['listed fields', { fields: ['name', 'slug'] }],
    ['a listed sort', { sort: 'name:asc' }],
  ])('takes %s', (_name, query) => {
    expect(isAllowedQuery(query, LIST)).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an unknown key', { populate: '*' }],
    ['a private field in a filter', { filters: { authorEmail: { $eq: 'a@example.org' } } }],
    ['another operator on an allowed field', { filters: { category: { slug: { $startsWith: 'e' } } } }],
    ['an allowed path under another relation', { filters: { createdBy: { slug: { $eq: 'x' } } } }],
    ['a filter one level deeper than allowed', { filters: { category: { slug: { $eq: { $eq: 'x' } } } } }],
    ['a list where one value is expected', { sort: ['name:asc', 'name:asc'] }],
    ['a sort not listed', { sort: 'name:desc' }],
    ['a field not listed', { fields: ['name', 'createdBy'] }],
    ['a key given without a value', { sort: null }],
    ['an empty object', { filters: {} }],
    ['an empty list', { fields: [] }],
    ['letters for a page', { pagination: { page: 'abc' } }],
    ['a page of zero', { pagination: { page: '0' } }],
    ['a negative page', { pagination: { page: '-1' } }],
    ['a page with a decimal part', { pagination: { page: '1.5' } }],
    ['a page size above the limit', { pagination: { pageSize: '101' } }],
    ['a word longer than 200 characters', { filters: { category: { slug: { $eq: 'x'.repeat(201) } } } }],
    ['a list index above 19', { filters: { $and: { 20: { $or: [{ title: { $containsi: 'cv' } }] } } } }],
    ['a key the parser left in brackets (too deep)', { 'filters[a][b]': 'x' }],
  ])('refuses %s', (_name, query) => {
    expect(isAllowedQuery(query, LIST)).toBe(false);
  });

  it('refuses everything when nothing is listed, and takes only the empty query', () => {
    expect(isAllowedQuery({}, {})).toBe(true);
    expect(isAllowedQuery({ status: 'draft' }, {})).toBe(false);
  });

  it('does not take keys inherited from Object.prototype as listed', () => {
    expect(isAllowedQuery({ constructor: 'x', toString: 'y' }, LIST)).toBe(false);
  });
});
