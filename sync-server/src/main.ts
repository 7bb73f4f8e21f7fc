/**
 * HọpSố relay entry point: `tsx sync-server/src/main.ts [--demo]` (npm run serve).
 * Configuration from the environment (config.ts); JSON logs on stdout.
 * Exit codes: 0 after a graceful stop, 1 when start-up fails or the stop could not flush storage,
 * 2 for invalid configuration.
 */
import { ConfigError, loadConfig, type RelayConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { startRelay } from "./server.ts";
import { installProcessGuards, installShutdown } from "./shutdown.ts";

let config: RelayConfig;
try {
  config = loadConfig(process.env, process.argv.slice(2));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`hopso-relay: ${err.message}\n`);
  process.exit(2);
}

const logger = createLogger(config.logLevel);
installProcessGuards(logger);
try {
  const relay = await startRelay(config, logger);
  installShutdown(relay, logger);
} catch (err) {
  logger.fatal({ err }, `relay failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
