import type { Logger } from "./logger.ts";
import type { RunningRelay } from "./server.ts";

/**
 * Stops the relay gracefully: stop accepting connections, close every WebSocket (1001), write every
 * loaded document to storage, shut the Repo down, wait for the HTTP server to close, then stop the
 * access controller's timers and close the SQLite store.
 *
 * @param graceMs how long idle HTTP keep-alive connections may linger before they are cut, ms
 * @throws the storage error if documents could not be written (the caller should exit non-zero)
 */
export async function stopRelay(relay: RunningRelay, logger: Logger, graceMs = 2000): Promise<void> {
  const { server, wss, sync, access, store, push } = relay;
  // No new reminder passes; sends in flight are aborted and their claims taken over at the next start.
  await push.stop();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  sync.adapter.disconnect();
  wss.close();
  await sync.flushAll();
  // repo.shutdown() flushes every handle, including ones that never became ready (a client asked for
  // a document nobody has), which throws "DocHandle is not ready"; the ready ones are already written.
  await sync.repo.shutdown().catch((err: unknown) => logger.debug({ err }, "repo shutdown flush skipped"));
  // Clients that do not answer the WebSocket close handshake, and idle keep-alive connections, are cut
  // after the grace period instead of holding the exit for ws's 30 s close timeout.
  const cut = setTimeout(() => {
    for (const socket of wss.clients) socket.terminate();
    server.closeAllConnections();
  }, graceMs);
  await closed;
  clearTimeout(cut);
  access.stop();
  store.close();
  await relay.pdfValidator.close().catch((err: unknown) => logger.debug({ err }, "PDF checker stop failed"));
}

/**
 * Installs SIGTERM/SIGINT handlers: the first signal stops the relay and exits 0 (1 if storage could
 * not be flushed); a second signal, or a stop that takes longer than `timeoutMs`, exits 1 at once.
 */
export function installShutdown(relay: RunningRelay, logger: Logger, timeoutMs = 10_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    const started = performance.now();
    setTimeout(() => {
      logger.error({ timeoutMs }, "shutdown timed out: exiting");
      process.exit(1);
    }, timeoutMs).unref();
    stopRelay(relay, logger).then(
      () => {
        logger.info({ ms: Math.round(performance.now() - started) }, "relay stopped; storage flushed");
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "shutdown failed: storage may not be flushed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/**
 * Logs errors that escaped every handler instead of letting one bad client take the relay down.
 * The relay validates input at its boundaries; these guards are the last line, not the plan.
 */
export function installProcessGuards(logger: Logger): void {
  process.on("uncaughtException", (err, origin) => {
    logger.error({ err, origin }, "uncaught exception; relay keeps running");
  });
  process.on("unhandledRejection", (reason) => {
    logger.error({ err: reason }, "unhandled promise rejection; relay keeps running");
  });
}
