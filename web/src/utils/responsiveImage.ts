import type { MediaFile } from '@kiosque/shared';
import { resolveMediaUrl } from './mediaUrl';

/** What an `<img>` needs to let the browser pick the right file and reserve its space. */
export interface ResponsiveImage {
  src: string;
  /** `url 156w, url 500w, …`, smallest first; undefined when no width is known. */
  srcset: string | undefined;
  width: number | undefined;
  height: number | undefined;
  /** The editor's alternative text, or '' (decorative) when there is none. */
  alt: string;
}

interface Candidate {
  url: string;
  width: number;
}

// A space or a comma would end a URL early in a srcset; anything else is left as the CMS wrote it.
function escapeForSrcset(url: string): string {
  return url.replace(/[\s,]/g, (character) => encodeURIComponent(character));
}

function isPositive(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * The `<img>` attributes of an uploaded image: the original as `src`, and a `srcset` of Strapi's
 * smaller copies (thumbnail, small, medium, large) plus the original, each once per width. Copies
 * whose URL is neither http(s) nor on the CMS are left out; `null` when the original itself is.
 */
export function responsiveImage(media: MediaFile | null | undefined): ResponsiveImage | null {
  const src = resolveMediaUrl(media?.url);
  if (!media || !src) return null;

  const candidates: Candidate[] = [];
  for (const format of Object.values(media.formats ?? {})) {
    const url = resolveMediaUrl(format?.url);
    if (url && isPositive(format.width)) candidates.push({ url, width: Math.round(format.width) });
  }
  if (isPositive(media.width)) candidates.push({ url: src, width: Math.round(media.width) });

  const byWidth = new Map<number, string>();
  for (const candidate of candidates.sort((a, b) => a.width - b.width)) {
    if (!byWidth.has(candidate.width)) byWidth.set(candidate.width, candidate.url);
  }
  // A single candidate says nothing `src` does not; a srcset needs a choice.
  const srcset =
    byWidth.size > 1
      ? [...byWidth].map(([width, url]) => `${escapeForSrcset(url)} ${width}w`).join(', ')
      : undefined;

  return {
    src,
    srcset,
    width: isPositive(media.width) ? media.width : undefined,
    height: isPositive(media.height) ? media.height : undefined,
    alt: media.alternativeText?.trim() ?? '',
  };
}
