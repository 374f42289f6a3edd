import type { Category, ListResponse } from '@kiosque/shared';
import { api } from './client';

/** Every category, by name (for the header's navigation). */
export async function fetchCategories(): Promise<Category[]> {
  const params = new URLSearchParams({
    sort: 'name:asc',
    'fields[0]': 'name',
    'fields[1]': 'slug',
    'fields[2]': 'description',
    'pagination[pageSize]': '100',
  });
  const response = await api.get<ListResponse<Category>>(`/categories?${params.toString()}`);
  return response.data.data;
}

/** The category with this slug, or null when there is none. */
export async function fetchCategory(slug: string): Promise<Category | null> {
  const params = new URLSearchParams({
    'filters[slug][$eq]': slug,
    'fields[0]': 'name',
    'fields[1]': 'slug',
    'fields[2]': 'description',
  });
  const response = await api.get<ListResponse<Category>>(`/categories?${params.toString()}`);
  return response.data.data[0] ?? null;
}
