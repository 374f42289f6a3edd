import type { BlocksContent, BlocksNode } from '../types.js';

/** Words a reader gets through per minute on screen, in French (the usual 200–250; we stay prudent). */
export const READING_WORDS_PER_MINUTE = 200;

type AnyNode = BlocksNode | { type?: string; text?: unknown; children?: unknown };

function collectText(nodes: readonly AnyNode[], into: string[]): void {
  for (const node of nodes) {
    if (!node || typeof node !== 'object') continue;
    if (typeof (node as { text?: unknown }).text === 'string') into.push((node as { text: string }).text);
    const children = (node as { children?: unknown }).children;
    if (Array.isArray(children)) collectText(children as AnyNode[], into);
  }
}

/** The words of a blocks body, in reading order (code and quotes included, images not). */
export function countWords(body: BlocksContent | readonly unknown[] | null | undefined): number {
  if (!Array.isArray(body)) return 0;
  const texts: string[] = [];
  collectText(body as AnyNode[], texts);
  // French elisions ("l’emploi") and hyphenated words count once, as a reader reads them.
  return texts.join(' ').match(/[\p{L}\p{N}][\p{L}\p{N}’'-]*/gu)?.length ?? 0;
}

/** Minutes to read a blocks body, rounded up, never less than one. */
export function readingTimeMinutes(body: BlocksContent | readonly unknown[] | null | undefined): number {
  return Math.max(1, Math.ceil(countWords(body) / READING_WORDS_PER_MINUTE));
}
