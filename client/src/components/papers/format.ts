/**
 * Bytes for people: "512 kB", "4,2 MB" in the UI's locale (SI units, 1 kB = 1000 bytes, as file
 * managers on phones and tablets show them).
 * @param bytes a size in bytes (≥ 0)
 * @param intlLocale a BCP 47 tag such as "vi-VN"
 */
export function formatBytes(bytes: number, intlLocale: string): string {
  const units = [
    ["gigabyte", 1e9],
    ["megabyte", 1e6],
    ["kilobyte", 1e3],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes >= size) {
      return new Intl.NumberFormat(intlLocale, {
        style: "unit",
        unit,
        maximumFractionDigits: bytes >= size * 10 ? 0 : 1,
      }).format(bytes / size);
    }
  }
  return new Intl.NumberFormat(intlLocale, { style: "unit", unit: "byte", unitDisplay: "short" }).format(
    bytes,
  );
}
