import { describe, expect, it } from 'vitest';
import { validateInviteUrl } from './invite-url.js';

describe('validateInviteUrl', () => {
  it.each([
    ['whatsapp_group', 'https://chat.whatsapp.com/KiosqueDemoAlertesEmploi'],
    ['whatsapp_group', 'https://chat.whatsapp.com/invite/AbCdEf123456'],
    ['whatsapp_channel', 'https://whatsapp.com/channel/0029VaKiosqueDemo01'],
    ['whatsapp_channel', 'https://www.whatsapp.com/channel/0029VaKiosqueDemo01/'],
    ['telegram', 'https://t.me/KiosqueDemoCommunaute'],
    ['telegram', 'https://t.me/+AbCdEf_123-xyz'],
    ['telegram', 'https://t.me/joinchat/AbCdEf123456'],
  ])('accepts a %s invite such as %s', (platform, url) => {
    expect(validateInviteUrl(platform, url)).toEqual({ ok: true, value: url });
  });

  it('trims the spaces an editor pasted around the link', () => {
    expect(validateInviteUrl('telegram', '  https://t.me/kiosque_demo \n')).toEqual({
      ok: true,
      value: 'https://t.me/kiosque_demo',
    });
  });

  it.each([
    ['whatsapp_group', 'https://t.me/KiosqueDemo', 'https://chat.whatsapp.com/'],
    ['whatsapp_group', 'https://whatsapp.com/channel/0029VaKiosqueDemo01', 'https://chat.whatsapp.com/'],
    ['whatsapp_channel', 'https://chat.whatsapp.com/KiosqueDemo', 'https://whatsapp.com/channel/'],
    ['telegram', 'https://chat.whatsapp.com/KiosqueDemo', 'https://t.me/'],
  ])('refuses a %s group whose link %s leads to another platform', (platform, url, expected) => {
    const result = validateInviteUrl(platform, url);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(expected);
  });

  it.each([
    'http://chat.whatsapp.com/KiosqueDemo',
    'https://chat.whatsapp.com.evil.example/KiosqueDemo',
    'https://evil.example/chat.whatsapp.com/KiosqueDemo',
    'https://user:pass@chat.whatsapp.com/KiosqueDemo',
    'https://chat.whatsapp.com:8443/KiosqueDemo',
    'https://chat.whatsapp.com/KiosqueDemo?next=https://evil.example',
    'https://chat.whatsapp.com/KiosqueDemo#x',
    'https://chat.whatsapp.com/',
    'https://chat.whatsapp.com/Kiosque/../../evil',
    'javascript:alert(1)//chat.whatsapp.com/KiosqueDemo',
    'chat.whatsapp.com/KiosqueDemo',
    'pas une adresse',
  ])('refuses the look-alike WhatsApp link %s', (url) => {
    expect(validateInviteUrl('whatsapp_group', url).ok).toBe(false);
  });

  it('asks for the link when it is empty or missing', () => {
    expect(validateInviteUrl('telegram', '   ')).toEqual({
      ok: false,
      message: 'Le lien d’invitation est obligatoire.',
    });
    expect(validateInviteUrl('telegram', undefined)).toEqual({
      ok: false,
      message: 'Le lien d’invitation est obligatoire.',
    });
  });

  it('refuses a platform it does not know, in French', () => {
    const result = validateInviteUrl('whatsapp', 'https://chat.whatsapp.com/KiosqueDemo');
    expect(result).toEqual({
      ok: false,
      message: 'La plateforme doit être un groupe WhatsApp, une chaîne WhatsApp ou Telegram.',
    });
  });
});
