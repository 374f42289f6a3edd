import { mount, RouterLinkStub } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import AppPagination from './AppPagination.vue';

const to = (page: number) => ({ name: 'home', query: { page: String(page) } });

function mountPagination(page: number, pageCount: number) {
  return mount(AppPagination, {
    props: { page, pageCount, to },
    global: { stubs: { RouterLink: RouterLinkStub } },
  });
}

describe('AppPagination', () => {
  it('is a navigation landmark labelled in French, marking the current page', () => {
    const nav = mountPagination(2, 3);
    expect(nav.find('nav').attributes('aria-label')).toBe('Pagination');
    const current = nav.find('[aria-current="page"]');
    expect(current.text()).toBe('Page 2');
    expect(current.element.tagName).toBe('SPAN');
  });

  it('links to the previous page, every other page and the next page', () => {
    const links = mountPagination(2, 3).findAllComponents(RouterLinkStub);
    expect(links.map((link) => [link.text().replace(/\s+/g, ' ').trim(), link.props('to')])).toEqual([
      ['← Page précédente', to(1)],
      ['Page 1', to(1)],
      ['Page 3', to(3)],
      ['Page suivante →', to(3)],
    ]);
  });

  it('marks the current page only, although every page is the same route', () => {
    const nav = mountPagination(2, 3);
    expect(nav.findAll('[aria-current]')).toHaveLength(1);
    expect(nav.findAll('a').every((link) => link.attributes('aria-current') === undefined)).toBe(true);
  });

  it('has no previous link on the first page and no next link on the last', () => {
    expect(mountPagination(1, 3).text()).not.toContain('précédente');
    expect(mountPagination(3, 3).text()).not.toContain('suivante');
  });

  it('shows nothing when there is a single page', () => {
    expect(mountPagination(1, 1).find('nav').exists()).toBe(false);
  });

  it('hides the gaps of a long list from screen readers', () => {
    const gaps = mountPagination(10, 20).findAll('.pagination__gap');
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap.attributes('aria-hidden')).toBe('true');
  });
});
