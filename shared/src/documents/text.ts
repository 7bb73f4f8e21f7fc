/*
 * Fixed wording of Decree 30/2020/NĐ-CP and small text rules shared by the PDF and HTML renderers.
 * Administrative documents are Vietnamese by law, so these are not UI strings.
 */

/** National title (Quốc hiệu), § II.1. */
export const NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/** Motto (Tiêu ngữ), § II.1: capital initials, hyphens with spaces. */
export const NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc";
/** Label of the recipients list, § II.9. */
export const RECIPIENTS_LABEL = "Nơi nhận:";
/** What ends the body of a document. */
export const END_MARK = "./.";

/** Vietnamese upper case, NFC ("ủy ban" → "ỦY BAN"). */
export function upper(text: string): string {
  return text.normalize("NFC").toLocaleUpperCase("vi");
}

/**
 * Recipient lines as § II.9 writes them: each starts with "- " and ends with ";", the last (usually
 * "Lưu: VT, …") with "."; punctuation the caller put at the end is replaced.
 */
export function recipientLines(entries: readonly string[]): string[] {
  const clean = entries
    .map((e) =>
      e
        .normalize("NFC")
        .trim()
        .replace(/^[-–•]\s*/u, "")
        .replace(/[.;,]+$/u, ""),
    )
    .filter(Boolean);
  return clean.map((e, i) => `- ${e}${i === clean.length - 1 ? "." : ";"}`);
}
