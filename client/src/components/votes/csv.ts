import Papa from "papaparse";
import type { MotionResultSummary } from "../../../../shared/src/index.ts";

/**
 * A motion's result as CSV (RFC 4180, via papaparse), for records: one row per choice, then the outcome,
 * the rule and its legal source, turnout, and for a named motion each member's choice. Member ids are
 * replaced by names where `names` knows them. Starts with a UTF-8 BOM so spreadsheet programs read the
 * Vietnamese text correctly.
 */
export function resultCsv(summary: MotionResultSummary, names: ReadonlyMap<string, string>): string {
  const rows: (string | number)[][] = [
    ["Vấn đề biểu quyết", summary.title],
    ["Kết quả", summary.final ? summary.outcomeText : `${summary.outcomeText} (tạm thời)`],
    ["Quy tắc", summary.ruleText],
    ["Căn cứ", summary.legalSource ?? ""],
    ["Số người có quyền biểu quyết", summary.eligibleCount],
    ["Có mặt hoặc trực tuyến", summary.presentCount],
    ["Đã biểu quyết", summary.voted],
    ["Chưa biểu quyết", summary.notVoted],
    ["Số phiếu tán thành cần đạt", summary.requiredToPass],
    [],
    ["Phương án", "Số phiếu", `Tỷ lệ trên cơ sở ${summary.baseSize}`],
    ...summary.counts.map((c) => [c.label, c.count, c.percent === null ? "" : `${c.percent.toFixed(2)}%`]),
  ];
  if (summary.named.length > 0) {
    rows.push([], ["Người biểu quyết", "Lựa chọn"]);
    for (const n of summary.named) rows.push([names.get(n.memberId) ?? n.memberId, n.choiceLabel]);
  }
  return `\uFEFF${Papa.unparse(rows, { newline: "\r\n" })}`;
}

/** Saves text as a file through a temporary link (works offline: nothing leaves the device). */
export function downloadText(fileName: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
