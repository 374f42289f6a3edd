import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ArticleCommentsFormField from './ArticleCommentsFormField.vue';

type Props = InstanceType<typeof ArticleCommentsFormField>['$props'];

function mountField(props: Partial<Props> = {}) {
  return mount(ArticleCommentsFormField, {
    props: { id: 'f-name', name: 'authorName', label: 'Nom', modelValue: '', ...props },
  });
}

describe('ArticleCommentsFormField', () => {
  it('labels its control, marks a required one with a star screen readers skip', () => {
    const field = mountField({ required: true, autocomplete: 'name' });

    const input = field.find('input');
    expect(field.find('label').attributes('for')).toBe('f-name');
    expect(field.find('label').text()).toBe('Nom *');
    expect(field.find('.required').attributes('aria-hidden')).toBe('true');
    expect(input.attributes()).toMatchObject({
      id: 'f-name',
      name: 'authorName',
      type: 'text',
      autocomplete: 'name',
      required: '',
    });
    expect(input.attributes('aria-invalid')).toBeUndefined();
    expect(input.attributes('aria-describedby')).toBeUndefined();
  });

  it('has no star and no required attribute for an optional field', () => {
    const field = mountField({ label: 'Site web', type: 'url', inputmode: 'url', placeholder: 'https://' });

    expect(field.find('label').text()).toBe('Site web');
    expect(field.find('.required').exists()).toBe(false);
    expect(field.find('input').attributes()).toMatchObject({
      type: 'url',
      inputmode: 'url',
      placeholder: 'https://',
    });
    expect(field.find('input').attributes('required')).toBeUndefined();
  });

  it('shows its error under the control, which points to it and says it is invalid', () => {
    const field = mountField({ error: 'Le nom est obligatoire.' });

    const input = field.find('input');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(input.attributes('aria-describedby')).toBe('f-name-error');
    expect(field.find('#f-name-error').text()).toBe('Le nom est obligatoire.');
  });

  it('is a textarea for a multi-line text', () => {
    const field = mountField({ name: 'content', label: 'Commentaire', type: 'textarea', rows: 6 });

    expect(field.find('input').exists()).toBe(false);
    expect(field.find('textarea').attributes()).toMatchObject({ id: 'f-name', name: 'content', rows: '6' });
  });

  it('updates its model as the reader types', async () => {
    const field = mountField({ modelValue: 'Aw' });
    expect(field.find('input').element.value).toBe('Aw');

    await field.find('input').setValue('Awa');

    expect(field.emitted('update:modelValue')).toEqual([['Awa']]);
  });
});
