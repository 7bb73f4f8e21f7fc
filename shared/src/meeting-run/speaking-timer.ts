/** A speaking turn as the timer needs it. Instants ISO UTC; limits whole seconds (limit 0 = no limit). */
export interface SpeakingTurn {
  readonly grantedAt: string;
  readonly endedAt: string | null;
  readonly limitSeconds: number;
  readonly warningSeconds: number;
}

/** The speaking timer at one moment. Durations in ms. */
export interface SpeakingTimerState {
  /** From the grant to the end, or to now while speaking; never negative. */
  readonly elapsedMs: number;
  /** Limit minus elapsed, negative once over; null without a limit. */
  readonly remainingMs: number | null;
  /** Within the warning threshold of the limit and not yet over (the display turns amber). */
  readonly warning: boolean;
  /** Past the limit (the display turns red). */
  readonly over: boolean;
  readonly running: boolean;
}

/**
 * The speaking timer of a turn: elapsed, remaining, warning (remaining ≤ warning threshold) and over
 * (elapsed > limit). Exactly at the limit the turn is in warning, not over.
 * @param now clock reading, ms since the Unix epoch
 */
export function speakingTimer(turn: SpeakingTurn, now: number): SpeakingTimerState {
  const end = turn.endedAt === null ? now : Date.parse(turn.endedAt);
  const elapsedMs = Math.max(0, end - Date.parse(turn.grantedAt));
  if (turn.limitSeconds <= 0) {
    return { elapsedMs, remainingMs: null, warning: false, over: false, running: turn.endedAt === null };
  }
  const remainingMs = turn.limitSeconds * 1000 - elapsedMs;
  const over = remainingMs < 0;
  return {
    elapsedMs,
    remainingMs,
    warning: !over && remainingMs <= turn.warningSeconds * 1000,
    over,
    running: turn.endedAt === null,
  };
}
