/** Saves `blob` as `filename` from the admin: a link to it, clicked as the editor would. */
export function downloadFile(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked once the browser has started the download (at once, Firefox may cancel it).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
