import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { CommunityGroup } from '@kiosque/shared';
import ArticleJoinCtas from './ArticleJoinCtas.vue';

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

describe('ArticleJoinCtas', () => {
  it('renders one block per group, in the given order, with its headline, description and button', () => {
    const ctas = mount(ArticleJoinCtas, { props: { groups: [TELEGRAM, WHATSAPP] } });

    const blocks = ctas.findAll('[data-testid="join-cta"]');
    expect(blocks).toHaveLength(2);
    expect(blocks.map((block) => block.find('h3').text())).toEqual([TELEGRAM.headline, WHATSAPP.headline]);
    expect(blocks[0]?.text()).toContain(TELEGRAM.description);
    expect(blocks[0]?.find('a').text()).toBe(TELEGRAM.buttonLabel);
    expect(blocks[0]?.find('a').attributes('href')).toBe(TELEGRAM.inviteUrl);
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
