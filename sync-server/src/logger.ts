import { pino } from "pino";

export type Logger = pino.Logger;

/**
 * Paths pino replaces with "[redacted]" wherever a log call passes them: request headers that carry
 * credentials (the `hopso_device` cookie, `Authorization: Bearer …`) and fields named after secrets.
 * The relay never logs these on purpose; this is the net under that rule.
 */
export const REDACTED_PATHS: readonly string[] = [
  "headers.cookie",
  "headers.authorization",
  'headers["set-cookie"]',
  "req.headers.cookie",
  "req.headers.authorization",
  "res.headers['set-cookie']",
  "*.headers.cookie",
  "*.headers.authorization",
  "cookie",
  "authorization",
  "credential",
  "*.credential",
  "invitationCode",
  "*.invitationCode",
  "token",
  "*.token",
  "adminToken",
];

/**
 * Creates the relay's logger: one JSON object per line on stdout (pipe through `npx pino-pretty`
 * to read it in a terminal). Every line carries `service: "hopso-relay"`. Credentials, invitation codes
 * and the admin token are redacted (see {@link REDACTED_PATHS}).
 */
export function createLogger(level: pino.LevelWithSilent = "info"): Logger {
  return pino({
    level,
    base: { service: "hopso-relay", pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACTED_PATHS], censor: "[redacted]" },
  });
}
