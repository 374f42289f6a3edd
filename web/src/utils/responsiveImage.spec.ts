import { describe, expect, it } from 'vitest';
import type { MediaFile } from '@kiosque/shared';
import { responsiveImage } from './responsiveImage';
import { strapiFormats } from './responsiveImage.fixtures';

const CMS = 'http://localhost:1337';

function cover(overrides: Partial<MediaFile> = {}): MediaFile {
  return {
    url: '/uploads/cover.jpg',
    alternativeText: 'Une salle de formation',
    width: 1600,
    height: 900,
    formats: strapiFormats('cover', ['large', 'thumbnail', 'small', 'medium']),
    ...overrides,
  };
}

describe('responsiveImage', () => {
  it('lists every Strapi format and the original in the srcset, smallest first, with the CMS origin', () => {
    expect(responsiveImage(cover())).toEqual({
      src: `${CMS}/uploads/cover.jpg`,
      srcset: [
        `${CMS}/uploads/thumbnail_cover.jpg 245w`,
        `${CMS}/uploads/small_cover.jpg 500w`,
        `${CMS}/uploads/medium_cover.jpg 750w`,
        `${CMS}/uploads/large_cover.jpg 1000w`,
        `${CMS}/uploads/cover.jpg 1600w`,
      ].join(', '),
      width: 1600,
      height: 900,
      alt: 'Une salle de formation',
    });
  });

  it('gives an empty (decorative) alt only when the editor wrote no alternative text', () => {
    expect(responsiveImage(cover({ alternativeText: null }))?.alt).toBe('');
    expect(responsiveImage(cover({ alternativeText: '   ' }))?.alt).toBe('');
  });

  it('has no srcset for an image too small to have been resized', () => {
    const image = responsiveImage(cover({ formats: null, width: 200, height: 100 }));
    expect(image).toMatchObject({ src: `${CMS}/uploads/cover.jpg`, srcset: undefined, width: 200 });
  });

  it('keeps one file per width and leaves out formats with an unusable URL or width', () => {
    const image = responsiveImage(
      cover({
        width: 500,
        formats: {
          ...strapiFormats('cover', ['small']),
          thumbnail: { url: 'javascript:alert(1)', width: 245, height: 138 },
          odd: { url: '/uploads/odd.jpg', width: 0, height: 0 },
          medium: { url: 'https://cdn.example.org/medium cover,1.jpg', width: 400, height: 225 },
        },
      }),
    );
    expect(image?.srcset).toBe(
      `https://cdn.example.org/medium%20cover%2C1.jpg 400w, ${CMS}/uploads/small_cover.jpg 500w`,
    );
  });

  it('leaves the width and height unset when the CMS does not know them, rather than guessing', () => {
    expect(responsiveImage(cover({ width: null, height: null }))).toMatchObject({
      width: undefined,
      height: undefined,
    });
  });

  it('answers null for no image, or an original the browser must not load', () => {
    expect(responsiveImage(null)).toBeNull();
    expect(responsiveImage(undefined)).toBeNull();
    expect(responsiveImage(cover({ url: '//evil.example/x.jpg' }))).toBeNull();
  });
});
