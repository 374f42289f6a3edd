import type { ImportProgress } from './importer';

/**
 * The importer's progress on a terminal: one bar with the counts, redrawn in place; elsewhere (a
 * log, CI, a pipe) one plain line per post, which a log keeps and a test can read.
 */
export function progressPrinter(stream: NodeJS.WriteStream): (progress: ImportProgress) => void {
  if (!stream.isTTY) {
    return ({ done, total, outcome, title }) => {
      stream.write(`[${done}/${total}] ${outcome}: ${title}\n`);
    };
  }
  let lastDraw = 0;
  return ({ done, total, imported, skipped, failed, title }) => {
    const now = Date.now();
    if (done < total && now - lastDraw < 100) return;
    lastDraw = now;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const counts = `${done}/${total} · ${imported} imported · ${skipped} already there · ${failed} failed`;
    const room = Math.max(0, (stream.columns ?? 100) - counts.length - width - 6);
    stream.write(`\r\x1b[2K${bar} ${counts} ${room > 3 ? title.slice(0, room) : ''}`);
    if (done === total) stream.write('\n');
  };
}
