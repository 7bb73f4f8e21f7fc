import { localDateOf } from "../calendar/local-date.ts";
import { DEFAULT_TIME_ZONE } from "../time.ts";

/**
 * The ledger year an instant falls in: the calendar year in Asia/Ho_Chi_Minh. The task ledger is one
 * document per workspace and year (see `LedgerPointer` in workspace/types.ts); a task is entered into
 * the ledger of the year it is assigned and stays there.
 * @param nowMs ms since the Unix epoch
 */
export function ledgerYearOf(nowMs: number, timeZone: string = DEFAULT_TIME_ZONE): number {
  return Number(localDateOf(nowMs, timeZone).slice(0, 4));
}

/**
 * The ledger a new task goes into: the one of the current year, else the newest listed (a device
 * offline across New Year keeps working in last year's ledger), else none.
 * @param ledgers as listed in the workspace (`workspaceLedgers`)
 */
export function ledgerForNewTask<L extends { year: number }>(
  ledgers: readonly L[],
  nowMs: number,
): L | undefined {
  const year = ledgerYearOf(nowMs);
  return ledgers.find((l) => l.year === year) ?? [...ledgers].sort((a, b) => b.year - a.year)[0];
}
