import { factories } from '@strapi/strapi';

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

export default factories.createCoreService('api::comment-setting.comment-setting', ({ strapi }) => ({
  /** The site's settings, with defaults for anything an editor has not set. */
  async current(): Promise<CommentSettings> {
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
}));
