import {
  type ClassCounts,
  type LedgerStatistics,
  TASK_STATUS_CLASSES,
  type TaskStatusClass,
} from "../../../../shared/src/index.ts";

/** One row of a statistics table: a label and its counts by class. */
export interface StatsRow {
  readonly label: string;
  readonly counts: ClassCounts;
}

/** The three tables of the dashboard (by unit, by category, by month), labels resolved. */
export interface StatsTables {
  readonly byUnit: StatsRow[];
  readonly byCategory: StatsRow[];
  readonly monthly: StatsRow[];
}

/**
 * Labels the statistics' groups for display and export.
 * @param unitName a unit id → its name; `null` (tasks led by a person with no unit) → its own label
 */
export function statsTables(
  stats: LedgerStatistics,
  labels: { unitName: (id: string | null) => string; noCategory: string },
): StatsTables {
  return {
    byUnit: stats.byUnit.map((u) => ({ label: labels.unitName(u.unitId), counts: u })),
    byCategory: stats.byCategory.map((c) => ({ label: c.category || labels.noCategory, counts: c })),
    monthly: stats.monthly.map((m) => ({
      label: `${m.month.slice(5, 7)}/${m.month.slice(0, 4)}`,
      counts: m,
    })),
  };
}

/** On-time rate as a percentage with one decimal ("87,5%" in Vietnamese), or null. */
export function formatRate(rate: number | null, locale: string): string | null {
  if (rate === null) return null;
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

/**
 * Rows for the CSV export: one per group and table, with a column per class, the total and the
 * on-time rate (0…1, "" when nothing is done). Header names are given by the caller (localised).
 */
export function statsCsvRows(
  tables: StatsTables,
  headers: {
    table: string;
    group: string;
    total: string;
    onTimeRate: string;
    classes: Record<TaskStatusClass, string>;
  },
  tableNames: { byUnit: string; byCategory: string; monthly: string },
): string[][] {
  const head = [
    headers.table,
    headers.group,
    headers.total,
    ...TASK_STATUS_CLASSES.map((c) => headers.classes[c]),
    headers.onTimeRate,
  ];
  const rows: string[][] = [head];
  for (const key of ["byUnit", "byCategory", "monthly"] as const) {
    for (const row of tables[key]) {
      const c = row.counts;
      const done = c.done_on_time + c.done_late;
      rows.push([
        tableNames[key],
        row.label,
        String(c.total),
        ...TASK_STATUS_CLASSES.map((cls) => String(c[cls])),
        done === 0 ? "" : (c.done_on_time / done).toFixed(4),
      ]);
    }
  }
  return rows;
}
