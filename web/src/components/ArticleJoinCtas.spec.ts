import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommunityGroup } from '@kiosque/shared';
import { API_ORIGIN } from '../utils/apiOrigin';
import ArticleJoinCtas from './ArticleJoinCtas.vue';
import ArticleJoinCtasQrCode from './ArticleJoinCtasQrCode.vue';

const WHATSAPP: CommunityGroup = {
  documentId: 'g1',
  name: 'Kiosque WhatsApp',
  platform: 'whatsapp_group',
  inviteUrl: 'https://chat.whatsapp.com/AbCdEf',
  headline: 'Rejoignez-nous sur WhatsApp',
  buttonLabel: 'Rejoindre le groupe WhatsApp',
  description: 'Offres d’emploi et conseils chaque semaine.',
  displayOrder: 1,
};

const TELEGRAM: CommunityGroup = {
  documentId: 'g2',
  name: 'Kiosque Telegram',
  platform: 'telegram',
  inviteUrl: 'https://t.me/kiosque',
  headline: 'Suivez la chaîne Telegram',
  buttonLabel: 'Rejoindre la chaîne Telegram',
  description: 'Les nouveaux articles dès leur parution.',
  displayOrder: 2,
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ArticleJoinCtas', () => {
  it('renders one block per group, in the given order, with its headline, description and button', () => {
    const ctas = mount(ArticleJoinCtas, { props: { groups: [TELEGRAM, WHATSAPP] } });

    const blocks = ctas.findAll('[data-testid="join-cta"]');
    expect(blocks).toHaveLength(2);
    expect(blocks.map((block) => block.find('h3').text())).toEqual([TELEGRAM.headline, WHATSAPP.headline]);
    expect(blocks[0]?.text()).toContain(TELEGRAM.description);
    expect(blocks[0]?.find('a').text()).toBe(TELEGRAM.buttonLabel);
  });

  it('sends each button through the CMS click counter, naming the group and the article', () => {
    const ctas = mount(ArticleJoinCtas, { props: { groups: [TELEGRAM], articleDocumentId: 'art 1' } });
    expect(ctas.find('a').attributes('href')).toBe(`${API_ORIGIN}/api/go/g2?article=art+1`);

    const withoutArticle = mount(ArticleJoinCtas, { props: { groups: [TELEGRAM] } });
    expect(withoutArticle.find('a').attributes('href')).toBe(`${API_ORIGIN}/api/go/g2`);
  });

  it('names the platform of each group', () => {
    const ctas = mount(ArticleJoinCtas, {
      props: { groups: [WHATSAPP, { ...TELEGRAM, documentId: 'g3', platform: 'whatsapp_channel' }] },
    });
    const blocks = ctas.findAll('[data-testid="join-cta"]');
    expect(blocks[0]?.find('.cta__platform').text()).toBe('Groupe WhatsApp');
    expect(blocks[1]?.find('.cta__platform').text()).toBe('Chaîne WhatsApp');
    expect(blocks[1]?.classes()).toContain('cta--whatsapp_channel');
  });

  it('offers no QR code on a phone', () => {
    const ctas = mount(ArticleJoinCtas, { props: { groups: [WHATSAPP] } });
    expect(ctas.text()).not.toContain('QR code');
  });

  it('draws the QR code of the invite link on a computer screen when asked', async () => {
    vi.stubGlobal(
      'matchMedia',
      vi.fn(() => ({ matches: true, addEventListener: vi.fn(), removeEventListener: vi.fn() })),
    );
    const ctas = mount(ArticleJoinCtas, { props: { groups: [WHATSAPP] } });
    await flushPromises();
    const toggle = ctas.get('button');
    expect(toggle.text()).toBe('Afficher le QR code');
    expect(toggle.attributes('aria-expanded')).toBe('false');

    await toggle.trigger('click');
    await vi.waitFor(async () => {
      await flushPromises();
      expect(ctas.find('[data-testid="join-cta-qr"] svg path').exists()).toBe(true);
    });
    const svg = ctas.get('[data-testid="join-cta-qr"] svg');
    expect(svg.attributes('aria-label')).toBe('QR code pour rejoindre : Kiosque WhatsApp');
    expect(svg.get('path').attributes('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect(toggle.attributes('aria-expanded')).toBe('true');

    // The code leads through the counted link, marked as a scan: Kiosque counts QR scans apart.
    expect(ctas.findComponent(ArticleJoinCtasQrCode).props('url')).toBe(
      new URL(`${API_ORIGIN}/api/go/g1?source=qr`, window.location.href).href,
    );

    await toggle.trigger('click');
    expect(ctas.find('[data-testid="join-cta-qr"]').exists()).toBe(false);
  });

  it('shows the variant B text to the views that draw it, and names the variant in the counted link', async () => {
    const tested: CommunityGroup = {
      ...WHATSAPP,
      variantB: { headline: 'Les offres avant tout le monde', buttonLabel: 'Je veux les offres' },
    };
    const random = vi.spyOn(Math, 'random');
    random.mockReturnValue(0.7);
    const b = mount(ArticleJoinCtas, { props: { groups: [tested, TELEGRAM], articleDocumentId: 'art1' } });
    await flushPromises();
    const blocks = b.findAll('[data-testid="join-cta"]');
    expect(blocks[0]?.find('h3').text()).toBe('Les offres avant tout le monde');
    expect(blocks[0]?.find('a').text()).toBe('Je veux les offres');
    expect(blocks[0]?.find('a').attributes('href')).toBe(`${API_ORIGIN}/api/go/g1?article=art1&v=b`);
    // A group without a second text is not under test: its link stays as it was.
    expect(blocks[1]?.find('a').attributes('href')).toBe(`${API_ORIGIN}/api/go/g2?article=art1`);

    random.mockReturnValue(0.2);
    const a = mount(ArticleJoinCtas, { props: { groups: [tested], articleDocumentId: 'art1' } });
    await flushPromises();
    expect(a.find('h3').text()).toBe(WHATSAPP.headline);
    expect(a.find('a').attributes('href')).toBe(`${API_ORIGIN}/api/go/g1?article=art1&v=a`);
    random.mockRestore();
  });

  it('opens each invitation in a new tab without giving the group’s site access to the page', () => {
    const ctas = mount(ArticleJoinCtas, { props: { groups: [WHATSAPP] } });

    const button = ctas.find('a');
    expect(button.attributes('target')).toBe('_blank');
    expect(button.attributes('rel')).toBe('noopener noreferrer');
    const hint = ctas.find(`[id="${button.attributes('aria-describedby')}"]`);
    expect(hint.text()).toBe('S’ouvre dans un nouvel onglet.');
  });

  it('styles each block after its platform', () => {
    const ctas = mount(ArticleJoinCtas, { props: { groups: [WHATSAPP, TELEGRAM] } });

    const blocks = ctas.findAll('[data-testid="join-cta"]');
    expect(blocks[0]?.classes()).toContain('cta--whatsapp_group');
    expect(blocks[1]?.classes()).toContain('cta--telegram');
  });

  it('leaves the button out when the invitation is not a web address', () => {
    const ctas = mount(ArticleJoinCtas, {
      props: { groups: [{ ...WHATSAPP, inviteUrl: 'javascript:alert(1)' }] },
    });

    expect(ctas.find('[data-testid="join-cta"]').exists()).toBe(true);
    expect(ctas.find('a').exists()).toBe(false);
  });

  it('renders nothing when there is no group', () => {
    const ctas = mount(ArticleJoinCtas, { props: { groups: [] } });

    expect(ctas.find('section').exists()).toBe(false);
    expect(ctas.text()).toBe('');
  });
});
