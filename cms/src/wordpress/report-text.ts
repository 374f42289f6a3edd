import type { ImportReport } from './importer';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The final report, for a person: what was imported, skipped and why, what failed and why. */
export function reportText(report: ImportReport): string {
  const lines: string[] = [];
  const verb = report.dryRun ? 'would be imported' : 'imported';
  lines.push(
    report.dryRun
      ? `Dry run of the import of ${report.source} (WXR ${report.wxrVersion}): nothing was written.`
      : `Import of ${report.source} (WXR ${report.wxrVersion}) in ${(report.durationMs / 1000).toFixed(1)} s (${(report.cpuMs / 1000).toFixed(1)} s of CPU).`,
  );
  const { posts, comments } = report;
  lines.push(
    `Posts: ${posts.imported} ${verb}` +
      (report.dryRun ? '' : ` (${posts.published} published, ${posts.drafts} as drafts)`) +
      `, ${posts.alreadyImported} already imported, ${posts.failed} failed.`,
  );
  const skippedComments = Object.entries(comments.skipped)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
  lines.push(
    `Comments: ${comments.imported} ${verb}, ${comments.alreadyImported} already imported` +
      (skippedComments ? `, skipped: ${skippedComments}.` : '.'),
  );
  lines.push(
    `Authors: ${report.authors.created} new, ${report.authors.matched} matched. ` +
      `Categories: ${report.categories.created} new, ${report.categories.matched} matched.`,
  );
  lines.push(
    `Media: ${report.media.uploaded} ${report.dryRun ? 'to upload' : 'uploaded'}, ${report.media.reused} already there, ` +
      `${plural(report.media.missing.length, 'missing file')}.`,
  );
  if (!report.dryRun) {
    lines.push(
      `Old addresses: ${report.redirects.created} redirects created, ${report.redirects.updated} moved, ${report.redirects.unchanged} unchanged.`,
    );
  }
  if (report.skipped.length > 0) {
    lines.push(`Skipped (${report.skipped.length}):`);
    for (const item of report.skipped)
      lines.push(`  line ${item.line}, #${item.id} « ${item.title} »: ${item.reason}`);
  }
  if (report.failed.length > 0) {
    lines.push(`Failed (${report.failed.length}):`);
    for (const item of report.failed)
      lines.push(`  line ${item.line}, #${item.id} « ${item.title} »: ${item.reason}`);
  }
  if (report.media.missing.length > 0) {
    lines.push(`Missing media (not in the --media folder, left out):`);
    for (const file of report.media.missing) lines.push(`  ${file}`);
  }
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}
