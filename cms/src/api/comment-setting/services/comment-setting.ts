import { factories, type Core } from '@strapi/strapi';
import { isValidEmail, type CommentRuleSettings, type ModerationMode } from '@kiosque/shared';
import { contentVersionOf, keptUntilContentChanges } from '../../../cache/content-version';

export type { ModerationMode };

export interface CommentSettings extends CommentRuleSettings {
  /** New comments one client IP may post per minute. */
  rateLimitPerMinute: number;
  /** Who is mailed when a comment is held (api/mail), lower-cased; none: nobody. */
  moderatorEmails: string[];
  /** 0: a mail per held comment at once; N: one digest every N minutes. */
  moderatorDigestMinutes: number;
}

export const DEFAULT_COMMENT_SETTINGS: CommentSettings = {
  moderationMode: 'trusted-authors',
  autoCloseAfterDays: null,
  maxLinks: 2,
  blockedWords: [],
  rateLimitPerMinute: 5,
  moderatorEmails: [],
  moderatorDigestMinutes: 0,
};

export function parseModeratorEmails(text: string | null | undefined): string[] {
  const emails = (text ?? '')
    .split(/[\n,;]/)
    .map((email) => email.trim().toLowerCase())
    .filter(isValidEmail); // the comment form's check: anything else is left out
  return [...new Set(emails)];
}

export function parseBlockedWords(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[\n,]/)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '');
}

/** How long the settings are kept at most, whatever happens (another instance's write is seen sooner). */
const SETTINGS_MAX_AGE_MS = 60_000;

/**
 * The comment settings, kept in memory until the content version moves (cache/content-version.ts):
 * every write to the settings moves it (cache/invalidation.ts) on this instance at once, on the others
 * within RESPONSE_CACHE_SYNC_MS.
 */
function commentSettingMethods({ strapi }: { strapi: Core.Strapi }) {
  async function read(): Promise<CommentSettings> {
    const stored = await strapi.documents('api::comment-setting.comment-setting').findFirst({});
    if (!stored) return DEFAULT_COMMENT_SETTINGS;
    return {
      moderationMode:
        (stored.moderationMode as ModerationMode | null) ?? DEFAULT_COMMENT_SETTINGS.moderationMode,
      autoCloseAfterDays: stored.autoCloseAfterDays ?? null,
      maxLinks: stored.maxLinks ?? DEFAULT_COMMENT_SETTINGS.maxLinks,
      blockedWords: parseBlockedWords(stored.blockedWords),
      rateLimitPerMinute: stored.rateLimitPerMinute ?? DEFAULT_COMMENT_SETTINGS.rateLimitPerMinute,
      moderatorEmails: parseModeratorEmails(stored.moderatorEmails),
      moderatorDigestMinutes: stored.moderatorDigestMinutes ?? 0,
    };
  }
  const current = keptUntilContentChanges(contentVersionOf(strapi), SETTINGS_MAX_AGE_MS, read);

  return {
    /** The site's settings, with defaults for anything an editor has not set. */
    current,
    /** The settings as stored now, read from the database. */
    read,
  };
}

export type CommentSettingService = ReturnType<typeof commentSettingMethods>;

export default factories.createCoreService('api::comment-setting.comment-setting', commentSettingMethods);
