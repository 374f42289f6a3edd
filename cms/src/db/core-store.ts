import type { Core } from '@strapi/strapi';
import { modelTable } from './schema';

/** Strapi's key-value store table, written by database migrations that run before any service exists. */
function coreStore(strapi: Core.Strapi) {
  const store = modelTable<'key' | 'value'>(strapi, 'strapi::core-store');
  return { table: store.table, key: store.column('key'), value: store.column('value') };
}

/** The JSON value a database migration left under `key`, or null when there is none. */
export async function readStoreEntry<T>(strapi: Core.Strapi, key: string): Promise<T | null> {
  const store = coreStore(strapi);
  const entry = await strapi.db.connection(store.table).where(store.key, key).first({ value: store.value });
  return entry ? (JSON.parse(String(entry.value)) as T) : null;
}

export async function deleteStoreEntry(strapi: Core.Strapi, key: string): Promise<void> {
  const store = coreStore(strapi);
  await strapi.db.connection(store.table).where(store.key, key).del();
}
