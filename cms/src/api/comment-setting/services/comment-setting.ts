import { factories } from '@strapi/strapi';
import { responseCacheOf } from '../../../cache/response-cache';

export type ModerationMode = 'trusted-authors' | 'hold-all' | 'publish-all';

export interface CommentSettings {
  /** trusted-authors: held until the author has one approved comment (WordPress's rule). */
  moderationMode: ModerationMode;
  /** Comments close this many days after publication; null never closes them. */
  autoCloseAfterDays: number | null;
  /** A comment with more links than this is held for moderation. */
  maxLinks: number;
  /** Lower-cased words or phrases that hold a comment for moderation. */
  blockedWords: string[];
  /** New comments one client IP may post per minute. */
  rateLimitPerMinute: number;
}

export const DEFAULT_COMMENT_SETTINGS: CommentSettings = {
  moderationMode: 'trusted-authors',
  autoCloseAfterDays: null,
  maxLinks: 2,
  blockedWords: [],
  rateLimitPerMinute: 5,
};

export function parseBlockedWords(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[\n,]/)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '');
}

/** How long the settings are kept at most, whatever happens (another instance's write is seen sooner). */
const SETTINGS_MAX_AGE_MS = 60_000;

export default factories.createCoreService('api::comment-setting.comment-setting', ({ strapi }) => {
  // Kept in memory and dropped with the response cache, which every write to the settings empties
  // (cache/invalidation.ts) on this instance at once and on the others within RESPONSE_CACHE_SYNC_MS.
  let cached: { settings: CommentSettings; generation: number; storedAt: number } | undefined;

  return {
    /** The site's settings, with defaults for anything an editor has not set. */
    async current(): Promise<CommentSettings> {
      const cache = responseCacheOf(strapi);
      const now = Date.now();
      if (cached && cached.generation === cache.generation && now - cached.storedAt < SETTINGS_MAX_AGE_MS) {
        return cached.settings;
      }
      const generation = cache.generation;
      const settings = await this.read();
      // A write that happened while reading bumped the generation: keep nothing read before it.
      if (generation === cache.generation) cached = { settings, generation, storedAt: now };
      return settings;
    },

    async read(): Promise<CommentSettings> {
      const stored = await strapi.documents('api::comment-setting.comment-setting').findFirst({});
      if (!stored) return DEFAULT_COMMENT_SETTINGS;
      return {
        moderationMode:
          (stored.moderationMode as ModerationMode | null) ?? DEFAULT_COMMENT_SETTINGS.moderationMode,
        autoCloseAfterDays: stored.autoCloseAfterDays ?? null,
        maxLinks: stored.maxLinks ?? DEFAULT_COMMENT_SETTINGS.maxLinks,
        blockedWords: parseBlockedWords(stored.blockedWords),
        rateLimitPerMinute: stored.rateLimitPerMinute ?? DEFAULT_COMMENT_SETTINGS.rateLimitPerMinute,
      };
    },
  };
});
