import { onePerStrapi } from '../utils/one-per-strapi';

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

/** The content version of this Strapi instance. */
export const contentVersionOf = onePerStrapi('kiosque.contentVersions', () => new ContentVersion());

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
