/**
 * Saving a file the app made (an export) through the browser's download: a temporary object URL on
 * an `<a download>` that is clicked and then revoked. Works offline; nothing leaves the device.
 */

/** Offers `data` for download as `fileName` (the browser may ask where to save it). */
export function downloadFile(fileName: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked on the next turn: some browsers start the download only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "To trinh so 12.pdf" → "To trinh so 12 (ghi chú).pdf"; the suffix says what the copy is. */
export function exportFileName(original: string, suffix: string, extension: string): string {
  const base = original.replace(/\.pdf$/i, "").trim() || "tai-lieu";
  // Characters file systems refuse are replaced; Vietnamese letters are kept.
  const safe = base.replace(/[\\/:*?"<>|\p{Cc}]+/gu, "-");
  return `${safe} (${suffix}).${extension}`;
}
