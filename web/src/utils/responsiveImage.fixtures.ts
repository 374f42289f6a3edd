import type { MediaFormat } from '@kiosque/shared';

// Strapi's upload plugin resizes a 16:9 image to these widths; the specs' images are all 16:9.
const FORMAT_SIZES = {
  thumbnail: { width: 245, height: 138 },
  small: { width: 500, height: 281 },
  medium: { width: 750, height: 422 },
  large: { width: 1000, height: 563 },
} as const;

type FormatName = keyof typeof FORMAT_SIZES;

/**
 * Test data: the `formats` Strapi stores for the upload `/uploads/<name>.jpg`, in the order given
 * (Strapi's own order is not by size, and the code under test must not rely on it).
 */
export function strapiFormats(name: string, names: readonly FormatName[]): Record<string, MediaFormat> {
  return Object.fromEntries(
    names.map((format) => [format, { url: `/uploads/${format}_${name}.jpg`, ...FORMAT_SIZES[format] }]),
  );
}
