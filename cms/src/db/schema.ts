import type { Core } from '@strapi/strapi';
import { memoisedIn } from '../utils/one-per-strapi';

/**
 * What a documentId can look like (Strapi's are 24 lower-case letters and digits). Anything else
 * names no document and is never sent to the database: PostgreSQL refuses a NUL byte with an error.
 */
export const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type Knex = Core.Strapi['db']['connection'];

/** A many-to-one or many-to-many relation's link table, as Strapi names it. */
export interface LinkTable {
  name: string;
  /** The column holding the row id of the model the relation belongs to. */
  joinColumn: string;
  /** The column holding the related row's id. */
  inverseJoinColumn: string;
  /** The column keeping the related rows in the order editors gave them, when the relation has one. */
  orderColumn?: string;
}

interface AttributeMetadata {
  columnName?: string;
  joinTable?: {
    name: string;
    joinColumn: { name: string };
    inverseJoinColumn: { name: string };
    orderColumnName?: string;
  };
  default?: unknown;
}

/** One model's table and column names, read from Strapi's metadata. */
export interface ModelTable<A extends string> {
  uid: string;
  table: string;
  /** The column of an attribute; throws for an attribute the model does not store in a column. */
  column(attribute: A | 'id'): string;
  /** The link table of a relation attribute; throws for anything else. */
  link(attribute: A): LinkTable;
  /** A new documentId from Strapi's own generator for this model; throws for a model without one. */
  newDocumentId(): string;
}

/**
 * The one way raw queries name tables and columns: from `strapi.db.metadata`, exactly as Strapi
 * created them. An unknown model or attribute throws at once (at boot, since every repository
 * resolves its names when it is created): a name is never guessed.
 */
export function modelTable<A extends string>(strapi: Core.Strapi, uid: string): ModelTable<A> {
  // Throws `Metadata for "…" not found` for an unknown model.
  const metadata = strapi.db.metadata.get(uid);
  const attributes = metadata.attributes as Record<string, AttributeMetadata | undefined>;
  const attribute = (name: string): AttributeMetadata => {
    const found = attributes[name];
    if (!found) throw new Error(`${uid} has no attribute "${name}".`);
    return found;
  };
  const column = (name: string): string => {
    if (name === 'id') return 'id';
    const { columnName } = attribute(name);
    if (!columnName) throw new Error(`${uid}.${name} is not stored in a column of ${metadata.tableName}.`);
    return columnName;
  };
  const link = (name: string): LinkTable => {
    const { joinTable } = attribute(name);
    if (!joinTable) throw new Error(`${uid}.${name} is not a relation with a link table.`);
    return {
      name: joinTable.name,
      joinColumn: joinTable.joinColumn.name,
      inverseJoinColumn: joinTable.inverseJoinColumn.name,
      ...(joinTable.orderColumnName === undefined ? {} : { orderColumn: joinTable.orderColumnName }),
    };
  };
  return {
    uid,
    table: metadata.tableName,
    column,
    link,
    newDocumentId() {
      const generate = attribute('documentId').default;
      if (typeof generate !== 'function') throw new Error(`${uid} has no documentId generator.`);
      return String((generate as () => unknown)());
    },
  };
}

/** Resolves once per Strapi instance: repositories keep their names for the instance's life. */
export function perStrapi<T>(create: (strapi: Core.Strapi) => T): (strapi: Core.Strapi) => T {
  return memoisedIn(new WeakMap<Core.Strapi, T>(), create);
}
