/**
 * Folds text for Vietnamese-friendly matching: Unicode NFD, combining marks removed, đ/Đ → d, lower
 * case, whitespace collapsed. "Kết luận", "KET LUAN" and "ket luan" (NFC or NFD input) all fold to
 * "ket luan". Used for filters and, later, full-text search.
 */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
