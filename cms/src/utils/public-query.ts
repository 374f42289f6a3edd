import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/**
 * The one answer to a query string a public endpoint does not take. It names neither the key nor
 * the value: an attacker comparing refusals learns nothing about the schema or the data.
 */
export const UNSUPPORTED_QUERY_MESSAGE =
  'Cette adresse n’accepte pas ces paramètres : seuls ceux du site de lecture sont pris en charge.';

/** Whether a value of the query string is acceptable for its key. */
export type ValueRule = (value: string) => boolean;

/** A reader's words: a search, a slug. */
export const text: ValueRule = (value) => value.length <= 200;

export const positiveInteger =
  (max = 1_000_000): ValueRule =>
  (value) =>
    /^[1-9]\d{0,6}$/.test(value) && Number(value) <= max;

export const oneOf =
  (...values: string[]): ValueRule =>
  (value) =>
    values.includes(value);

/**
 * What one endpoint takes: each key is a path of the query string in bracket notation, as the
 * reader site sends it (`filters[category][slug][$eq]`), where `[*]` stands for the index of a list
 * entry (0 to 19), with the rule its value must pass. Everything else is refused.
 */
export type QueryAllowList = Readonly<Record<string, ValueRule>>;

const MAX_INDEX = 19;

/**
 * The query (as Koa's qs parsed it) back as bracketed paths with their values. A list index becomes
 * `[*]`; an index above the limit, or an empty list or object, becomes a path no list allows.
 */
function* entriesOf(value: unknown, path: string): Generator<[path: string, value: unknown]> {
  const children: [string, unknown][] = Array.isArray(value)
    ? value.map((child, index) => [String(index), child])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  if (children.length === 0) {
    yield [path, value];
    return;
  }
  for (const [key, child] of children) {
    const segment = /^\d+$/.test(key) ? (Number(key) <= MAX_INDEX ? '*' : `#${key}`) : key;
    yield* entriesOf(child, `${path}[${segment}]`);
  }
}

/** Whether every key of the query is in the allow-list and every value passes its key's rule. */
/**
 * The queries of a small named catalogue (categories, authors): a lookup by slug, some of its public
 * fields, a page, sorted by name; one item takes only fields.
 */
export function catalogueQueries(...fields: string[]): { list: QueryAllowList; item: QueryAllowList } {
  const publicFields = oneOf(...fields);
  return {
    list: {
      'filters[slug][$eq]': text,
      'fields[*]': publicFields,
      sort: oneOf('name', 'name:asc', 'name:desc'),
      'pagination[page]': positiveInteger(),
      'pagination[pageSize]': positiveInteger(100),
    },
    item: { 'fields[*]': publicFields },
  };
}

export function isAllowedQuery(query: Record<string, unknown>, allowed: QueryAllowList): boolean {
  for (const [key, value] of Object.entries(query)) {
    for (const [path, leaf] of entriesOf(value, key)) {
      const rule = Object.hasOwn(allowed, path) ? allowed[path] : undefined;
      if (rule === undefined || typeof leaf !== 'string' || !rule(leaf)) return false;
    }
  }
  return true;
}

/**
 * A route middleware that refuses, with one 400 and one message, any query string the endpoint does
 * not take, before Strapi reads it: no filter, sort or populate a reader does not need reaches the
 * database, and nothing about a refusal depends on the data.
 */
export function acceptOnly(allowed: QueryAllowList): Core.MiddlewareHandler {
  return async (ctx, next) => {
    if (!isAllowedQuery(ctx.query as Record<string, unknown>, allowed)) {
      throw new errors.ValidationError(UNSUPPORTED_QUERY_MESSAGE);
    }
    await next();
  };
}
