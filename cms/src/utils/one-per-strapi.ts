import type { Core } from '@strapi/strapi';

/**
 * `create(strapi)` once per Strapi instance, found again by every later call. Kept on a global under
 * `name`, so that every copy of the calling module (the compiled app, a test importing the source)
 * finds the same one for a given Strapi.
 */
export function onePerStrapi<T>(
  name: string,
  create: (strapi: Core.Strapi) => T,
): (strapi: Core.Strapi) => T {
  const key = Symbol.for(name);
  const made = ((globalThis as Record<symbol, unknown>)[key] ??= new WeakMap<Core.Strapi, T>()) as WeakMap<
    Core.Strapi,
    T
  >;
  return memoisedIn(made, create);
}

/** `create(strapi)` once per Strapi instance, kept in `made` (a module's own map, or a global one). */
export function memoisedIn<T>(
  made: WeakMap<Core.Strapi, T>,
  create: (strapi: Core.Strapi) => T,
): (strapi: Core.Strapi) => T {
  return (strapi) => {
    let found = made.get(strapi);
    if (found === undefined) {
      found = create(strapi);
      made.set(strapi, found);
    }
    return found;
  };
}
