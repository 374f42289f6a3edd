import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { MediaFile } from '@kiosque/shared';
import MediaImage from './MediaImage.vue';

const media: MediaFile = {
  url: '/uploads/cover.jpg',
  alternativeText: 'Couverture',
  width: 1600,
  height: 900,
  formats: { small: { url: '/uploads/small_cover.jpg', width: 500, height: 281 } },
};

describe('MediaImage', () => {
  it('loads the page’s main image at once, with a high fetch priority', () => {
    const image = mount(MediaImage, { props: { media, sizes: '100vw', priority: 'high' } }).find('img');
    expect(image.attributes('loading')).toBe('eager');
    expect(image.attributes('fetchpriority')).toBe('high');
  });

  it('leaves out sizes when there is no srcset to choose from', () => {
    const image = mount(MediaImage, {
      props: { media: { ...media, formats: null }, sizes: '100vw' },
    }).find('img');
    expect(image.attributes('srcset')).toBeUndefined();
    expect(image.attributes('sizes')).toBeUndefined();
  });

  it('draws nothing without an image', () => {
    expect(
      mount(MediaImage, { props: { media: null, sizes: '100vw' } })
        .find('img')
        .exists(),
    ).toBe(false);
  });
});
