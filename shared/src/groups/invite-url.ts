import type { CommunityPlatform } from '../types.js';

// URL is a global of Node and of browsers alike; shared/ compiles without either's type library.
interface ParsedUrl {
  protocol: string;
  username: string;
  password: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
}
declare const URL: new (input: string) => ParsedUrl;

/** How readers and editors call each platform. */
export const COMMUNITY_PLATFORM_LABELS: Record<CommunityPlatform, string> = {
  whatsapp_group: 'Groupe WhatsApp',
  whatsapp_channel: 'Chaîne WhatsApp',
  telegram: 'Telegram',
};

export type InviteUrlValidationResult = { ok: true; value: string } | { ok: false; message: string };

interface PlatformRule {
  hosts: readonly string[];
  path: RegExp;
  message: string;
}

/** What an invite link of each platform looks like; nothing else is accepted. */
const RULES: Record<CommunityPlatform, PlatformRule> = {
  whatsapp_group: {
    hosts: ['chat.whatsapp.com'],
    path: /^\/(invite\/)?[A-Za-z0-9]{6,64}\/?$/,
    message: 'Le lien d’un groupe WhatsApp doit être de la forme https://chat.whatsapp.com/CodeDInvitation.',
  },
  whatsapp_channel: {
    hosts: ['whatsapp.com', 'www.whatsapp.com'],
    path: /^\/channel\/[A-Za-z0-9]{6,64}\/?$/,
    message:
      'Le lien d’une chaîne WhatsApp doit être de la forme https://whatsapp.com/channel/IdentifiantDeLaChaine.',
  },
  telegram: {
    hosts: ['t.me'],
    path: /^\/(\+[A-Za-z0-9_-]{6,64}|joinchat\/[A-Za-z0-9_-]{6,64}|[A-Za-z][A-Za-z0-9_]{3,31})\/?$/,
    message:
      'Le lien Telegram doit être de la forme https://t.me/NomDuGroupe ou https://t.me/+CodeDInvitation.',
  },
};

export function isCommunityPlatform(value: unknown): value is CommunityPlatform {
  return typeof value === 'string' && Object.hasOwn(RULES, value);
}

/**
 * Checks that an invite link really leads to the platform the group is on: an https address on the
 * platform's own host, with an invite path, and nothing that could hide another destination
 * (credentials, port, query string or fragment). Answers the trimmed link or one French message.
 */
export function validateInviteUrl(platform: unknown, input: unknown): InviteUrlValidationResult {
  if (!isCommunityPlatform(platform)) {
    return {
      ok: false,
      message: 'La plateforme doit être un groupe WhatsApp, une chaîne WhatsApp ou Telegram.',
    };
  }
  const rule = RULES[platform];
  const value = typeof input === 'string' ? input.trim() : '';
  if (value === '') return { ok: false, message: 'Le lien d’invitation est obligatoire.' };

  let url: ParsedUrl;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: rule.message };
  }
  const clean =
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    url.search === '' &&
    url.hash === '' &&
    !/\s/.test(value) &&
    rule.hosts.includes(url.hostname) &&
    rule.path.test(url.pathname);
  return clean ? { ok: true, value } : { ok: false, message: rule.message };
}
