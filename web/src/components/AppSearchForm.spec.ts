import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import AppSearchForm from './AppSearchForm.vue';

const Empty = defineComponent({ render: () => null });

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Empty },
      { path: '/recherche', name: 'search', component: Empty },
    ],
  });
  await router.push(path);
  const form = mount(AppSearchForm, { global: { plugins: [router] } });
  return { form, router };
}

describe('AppSearchForm', () => {
  it('is a search landmark whose field has a label, and works as a plain GET to /recherche', async () => {
    const { form } = await mountAt('/');
    const element = form.find('form');
    expect(element.attributes()).toMatchObject({ role: 'search', action: '/recherche', method: 'get' });
    const input = form.find('input');
    expect(input.attributes('name')).toBe('q');
    expect(form.find(`label[for="${input.attributes('id')}"]`).text()).toBe('Rechercher un article');
  });

  it('goes to the results page with the words typed, tidied up', async () => {
    const { form, router } = await mountAt('/');
    await form.find('input').setValue('  premier   emploi ');
    await form.find('form').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/recherche?q=premier+emploi');
  });

  it('shows the search of the results page it is on, and empties elsewhere', async () => {
    const { form, router } = await mountAt('/recherche?q=cv');
    expect((form.find('input').element as HTMLInputElement).value).toBe('cv');
    await router.push('/');
    await flushPromises();
    expect((form.find('input').element as HTMLInputElement).value).toBe('');
  });
});
