import type { Core } from '@strapi/strapi';

/**
 * The one signal that content readers can see has changed: a number that only grows. It moves at
 * once for this instance's writes (cache/invalidation.ts), and within RESPONSE_CACHE_SYNC_MS for
 * another instance's (the response cache's shared token, read from the database). Whatever is kept
 * in memory because it follows from content (answers, comment settings, the public role's ability)
 * notes the version it read at and keeps nothing read before a change: a change while reading bumps
 * the version, so the reader sees that what it read may already be old.
 */
export class ContentVersion {
  private current = 0;
  private readonly listeners = new Set<() => void>();

  get version(): number {
    return this.current;
  }

  /** Content changed: whatever was read before now is old. */
  bump(): void {
    this.current += 1;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after every change; returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

// Kept on a global so that every copy of this module (the compiled app, a test importing the source)
// finds the same signal for a given Strapi.
const REGISTRY = Symbol.for('kiosque.contentVersions');
const versions: WeakMap<Core.Strapi, ContentVersion> = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??=
  new WeakMap<Core.Strapi, ContentVersion>()) as WeakMap<Core.Strapi, ContentVersion>;

/** The content version of this Strapi instance. */
export function contentVersionOf(strapi: Core.Strapi): ContentVersion {
  let version = versions.get(strapi);
  if (!version) {
    version = new ContentVersion();
    versions.set(strapi, version);
  }
  return version;
}

/**
 * A value read from content, kept until the content changes or `maxAgeMs` passes, whichever comes
 * first. Only a value whose read saw no change is kept.
 */
export function keptUntilContentChanges<T, A extends unknown[] = []>(
  version: ContentVersion,
  maxAgeMs: number,
  read: (...args: A) => Promise<T>,
  keep: (value: T) => boolean = () => true,
): (...args: A) => Promise<T> {
  let kept: { value: T; version: number; storedAt: number } | undefined;
  version.onChange(() => {
    kept = undefined;
  });
  return async (...args) => {
    const now = Date.now();
    if (kept && kept.version === version.version && now - kept.storedAt < maxAgeMs) return kept.value;
    const versionAtStart = version.version;
    const value = await read(...args);
    if (versionAtStart === version.version && keep(value)) {
      kept = { value, version: versionAtStart, storedAt: now };
    }
    return value;
  };
}
