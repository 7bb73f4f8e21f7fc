import { dateParts, type LocalDate } from "../calendar/local-date.ts";
import { utcToZonedParts } from "../time.ts";

/*
 * Formatting rules of Decree 30/2020/NĐ-CP, appendix I, part II (number and symbol, place and date),
 * and the Vietnamese way of writing numbers in running text.
 */

/**
 * The number and symbol line, e.g. "Số: 05/TB-UBND". Numbers below 10 get a leading 0 (§ II.3); a
 * draft without a number keeps a blank for the clerk: "Số:      /TB-UBND".
 *
 * @param number the register number (positive integer) or null for a draft
 * @param typeCode document type abbreviation, e.g. "TB"
 * @param issuerCode issuing body abbreviation, e.g. "UBND"
 * @throws RangeError for a number that is not a positive integer
 */
export function numberAndSymbol(number: number | null, typeCode: string, issuerCode: string): string {
  const symbol = `${typeCode}-${issuerCode}`;
  if (number === null) return `Số:${"\u00a0".repeat(6)}/${symbol}`;
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`invalid document number: ${number}`);
  return `Số: ${String(number).padStart(2, "0")}/${symbol}`;
}

/**
 * A date as Decree 30 writes it: "ngày 05 tháng 3 năm 2026". Days below 10 and the months 1 and 2 get a
 * leading 0 (§ II.4: "ngày 05 tháng 02 năm 2026"); other months do not.
 *
 * @throws RangeError for a malformed date
 */
export function decreeDate(date: LocalDate): string {
  const { year, month, day } = dateParts(date);
  const mm = month <= 2 ? `0${month}` : String(month);
  return `ngày ${String(day).padStart(2, "0")} tháng ${mm} năm ${year}`;
}

/** The place and date line: "Bình Thạnh, ngày 05 tháng 12 năm 2026" (§ II.4). */
export function placeAndDate(place: string, date: LocalDate): string {
  return `${place.trim()}, ${decreeDate(date)}`;
}

/** A UTC instant as "08 giờ 30 phút, ngày 05 tháng 12 năm 2026" in a zone. */
export function decreeDateTime(instant: string, timeZone: string): string {
  const { date } = utcToZonedParts(instant, timeZone);
  return `${decreeTime(instant, timeZone)}, ${decreeDate(date)}`;
}

/** A UTC instant's wall-clock time as "08 giờ 30 phút" in a zone. */
export function decreeTime(instant: string, timeZone: string): string {
  const { time } = utcToZonedParts(instant, timeZone);
  const [h, m] = time.split(":");
  return `${h} giờ ${m} phút`;
}

const percentFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

/** A number with a decimal comma, at most two decimals: 66.6667 → "66,67". */
export function viNumber(n: number): string {
  return percentFormat.format(n);
}
