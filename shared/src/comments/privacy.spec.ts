import { describe, expect, it } from 'vitest';
import { validatePrivacyAddress } from './privacy';

describe('validatePrivacyAddress', () => {
  it('accepts an address, trimmed and lower-cased as comments store it', () => {
    expect(validatePrivacyAddress({ email: '  Awa.Diallo@Example.ORG ' })).toEqual({
      ok: true,
      value: { email: 'awa.diallo@example.org' },
    });
  });

  it.each([
    ['no object', 'awa@example.org', 'Envoyez { email } en JSON.'],
    ['an array', ['awa@example.org'], 'Envoyez { email } en JSON.'],
    ['null', null, 'Envoyez { email } en JSON.'],
    ['no address', {}, 'Indiquez l’adresse e-mail du lecteur.'],
    ['blanks', { email: '   ' }, 'Indiquez l’adresse e-mail du lecteur.'],
    ['a number', { email: 42 }, 'Indiquez l’adresse e-mail du lecteur.'],
    ['no domain', { email: 'awa@' }, 'Cette adresse e-mail n’est pas valide.'],
    ['a huge address', { email: `${'a'.repeat(300)}@example.org` }, 'Cette adresse e-mail n’est pas valide.'],
    ['another key', { email: 'awa@example.org', all: true }, 'Champ inconnu : all.'],
  ])('refuses %s with a French message', (_case, body, message) => {
    expect(validatePrivacyAddress(body)).toEqual({ ok: false, message });
  });
});
