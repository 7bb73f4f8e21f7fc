import { pino } from "pino";

export type Logger = pino.Logger;

/**
 * Creates the relay's logger: one JSON object per line on stdout (pipe through `npx pino-pretty`
 * to read it in a terminal). Every line carries `service: "hopso-relay"`.
 */
export function createLogger(level: pino.LevelWithSilent = "info"): Logger {
  return pino({
    level,
    base: { service: "hopso-relay", pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
