import type { CommunityPlatform } from '../types.js';

/** What the selection needs to know of a community group. */
export interface GroupForSelection {
  documentId: string;
  name: string;
  platform: CommunityPlatform;
  displayOrder: number;
  active: boolean;
  full: boolean;
  /** Article categories the group is meant for; empty means a general group, shown everywhere. */
  targetCategories: readonly string[];
  /** The group editors chose to take over once this one is full. */
  replacementDocumentId: string | null;
}

/** Categories compare without regard to case, accents' composition or surrounding spaces. */
export function normaliseCategory(category: string): string {
  return category.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr');
}

/**
 * Reads the categories an editor typed, one per line (commas also separate), into a clean list:
 * trimmed, without empty lines or duplicates, in the order typed.
 */
export function parseTargetCategories(input: unknown): string[] {
  const lines = typeof input === 'string' ? input.split(/[\n,;]/) : Array.isArray(input) ? input : [];
  const seen = new Set<string>();
  const categories: string[] = [];
  for (const line of lines) {
    if (typeof line !== 'string') continue;
    const category = line.normalize('NFC').trim().replace(/\s+/g, ' ');
    const key = normaliseCategory(category);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    categories.push(category);
  }
  return categories;
}

function byDisplayOrder(a: GroupForSelection, b: GroupForSelection): number {
  return (
    a.displayOrder - b.displayOrder ||
    a.name.localeCompare(b.name, 'fr') ||
    a.documentId.localeCompare(b.documentId)
  );
}

function isAvailable(group: GroupForSelection | undefined): group is GroupForSelection {
  return group !== undefined && group.active && !group.full;
}

/**
 * The group a reader should join instead of `group`: itself while it has room; once it is full, the
 * replacement editors chose (following replacements of replacements), else the next available group
 * of the same platform in display order. `null` when no group can take the reader: never a dead link.
 */
export function resolveAvailableGroup<T extends GroupForSelection>(group: T, groups: readonly T[]): T | null {
  if (!group.active) return null;
  if (!group.full) return group;

  const byId = new Map(groups.map((candidate) => [candidate.documentId, candidate]));
  const visited = new Set<string>([group.documentId]);
  let replacementId = group.replacementDocumentId;
  while (replacementId !== null && !visited.has(replacementId)) {
    visited.add(replacementId);
    const replacement = byId.get(replacementId);
    if (replacement === undefined || !replacement.active) break;
    if (!replacement.full) return replacement;
    replacementId = replacement.replacementDocumentId;
  }

  // The next group of the same platform, preferring one meant for the same readers.
  const pool = groups
    .filter((candidate) => candidate.platform === group.platform && isAvailable(candidate))
    .sort(byDisplayOrder);
  const audience = new Set(group.targetCategories.map(normaliseCategory));
  const sameAudience = (candidate: GroupForSelection) =>
    audience.size === 0
      ? candidate.targetCategories.length === 0
      : candidate.targetCategories.some((category) => audience.has(normaliseCategory(category)));
  const next = (list: T[]) => list.find((candidate) => byDisplayOrder(candidate, group) > 0) ?? list[0];
  return next(pool.filter(sameAudience)) ?? next(pool) ?? null;
}

/**
 * The groups an article shows, in display order: those that target its category if any, else the
 * general ones (targeting no category). A full group gives its place to the group that takes over
 * from it; a group shown twice that way is shown once.
 */
export function selectGroupsForCategory<T extends GroupForSelection>(
  groups: readonly T[],
  category: string | null | undefined,
): T[] {
  const active = groups.filter((group) => group.active);
  const key = category ? normaliseCategory(category) : '';
  const targeted =
    key === ''
      ? []
      : active.filter((group) => group.targetCategories.some((target) => normaliseCategory(target) === key));
  const candidates = (
    targeted.length > 0 ? targeted : active.filter((group) => group.targetCategories.length === 0)
  ).sort(byDisplayOrder);

  const shown = new Set<string>();
  const selected: T[] = [];
  for (const candidate of candidates) {
    const group = resolveAvailableGroup(candidate, groups);
    if (group === null || shown.has(group.documentId)) continue;
    shown.add(group.documentId);
    selected.push(group);
  }
  return selected;
}
