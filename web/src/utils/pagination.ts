import type { LocationQueryValue } from 'vue-router';
import { pageNumberFrom } from '@kiosque/shared';

/**
 * A page number read from the address (`?page=2`): a positive integer, else 1. The rule is shared's,
 * so that the page server keys its cached pages by the number the page shows.
 */
export function pageFromQuery(value: LocationQueryValue | LocationQueryValue[] | undefined): number {
  return pageNumberFrom(value);
}

/** A page number to link to, or a gap standing for the pages left out. */
export type PaginationItem = number | 'gap';

/**
 * The pages a pagination bar links to: the first, the last, and the current one with its
 * neighbours, with gaps between; a gap never hides a single page (it shows the page instead).
 */
export function paginationItems(current: number, pageCount: number, around = 1): PaginationItem[] {
  if (pageCount <= 1) return [];
  const shown = new Set<number>([1, pageCount]);
  for (let page = current - around; page <= current + around; page += 1) {
    if (page >= 1 && page <= pageCount) shown.add(page);
  }
  const pages = [...shown].sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  pages.forEach((page, index) => {
    const previous = pages[index - 1];
    if (previous !== undefined && page - previous === 2) items.push(previous + 1);
    else if (previous !== undefined && page - previous > 2) items.push('gap');
    items.push(page);
  });
  return items;
}
