import { setMaxListeners } from "node:events";
import type { MemberId } from "../../../shared/src/ids.ts";
import { dueReminders, type Reminder, type ReminderSchedule } from "../../../shared/src/reminders/index.ts";
import type { Logger } from "../logger.ts";
import type { TestPushPayload } from "./payload.ts";
import type { PushSender, SendResult } from "./sender.ts";
import type { Claim, PushStore, StoredSubscription } from "./store.ts";

/**
 * The relay's reminder loop: every `intervalMs` it asks the {@link ReminderSource} for the current
 * schedule, takes what `dueReminders` says is due (not in the sent-log, dueAt ≤ now < expiresAt — so a
 * reminder missed while the relay was down goes out late only while still relevant), claims each in the
 * sent-log, pushes it to every device of its recipient and records the outcome (store.ts explains the
 * claim and the one window where a message can repeat).
 *
 * Outcome of a claimed reminder: `sent` when at least one device accepted it; released (sendable again
 * while relevant) when every device answered 404/410 — the member may subscribe another device; `expired`
 * when it stopped being relevant during retries; `failed` otherwise. A reminder whose recipient has no
 * subscription is not claimed at all, for the same reason as a release.
 */

/** The current schedule at `now` (the relay computes it from the documents). */
export type ReminderSource = (
  now: number,
) => ReminderSchedule | readonly Reminder[] | Promise<ReminderSchedule | readonly Reminder[]>;

export interface PushSchedulerOptions {
  readonly store: PushStore;
  readonly sender: PushSender;
  readonly source: ReminderSource;
  /** Clock, ms UTC. */
  readonly now?: () => number;
  /** Between runs (default 30 s). */
  readonly intervalMs?: number;
  /**
   * A `sending` claim older than this was left by a process that stopped mid-send and is claimed again
   * (default 2 min). This process never takes over its own claims (it tracks them in memory), so this
   * only guards against another relay process still working on it.
   */
  readonly staleClaimMs?: number;
  /** Sent-log rows are kept this long after their reminder expired (default 30 days). */
  readonly retentionMs?: number;
  readonly logger?: Logger;
}

/** What one run did. Message counts are per device; reminder counts per reminder. */
export interface RunReport {
  /** ms UTC the run used. */
  readonly now: number;
  /** Reminders `dueReminders` returned. */
  readonly due: number;
  /** Due reminders whose recipient has no subscription (left unclaimed). */
  readonly noSubscription: number;
  /** Due reminders another claim holds (not sent by this run). */
  readonly skipped: number;
  /** Reminders this run claimed (new or taken over from a stale claim). */
  readonly claimed: number;
  readonly reclaimed: number;
  readonly messages: Readonly<Record<SendResult["outcome"], number>>;
  readonly reminders: {
    readonly sent: number;
    readonly failed: number;
    readonly expired: number;
    readonly released: number;
    readonly interrupted: number;
  };
}

const DEFAULTS = { intervalMs: 30_000, staleClaimMs: 120_000, retentionMs: 30 * 24 * 3_600_000 };
const PRUNE_EVERY_MS = 3_600_000;

export class PushScheduler {
  readonly #store: PushStore;
  readonly #sender: PushSender;
  readonly #source: ReminderSource;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #staleClaimMs: number;
  readonly #retentionMs: number;
  readonly #log: Logger | undefined;
  /** Delivery keys this process has claimed and not finished. */
  readonly #inFlight = new Set<string>();
  readonly #running = new Set<Promise<unknown>>();
  #abort = unlimitedController();
  #timer: NodeJS.Timeout | null = null;
  #soonTimer: NodeJS.Timeout | null = null;
  #lastPrune = Number.NEGATIVE_INFINITY;
  #planning = false;

  constructor(options: PushSchedulerOptions) {
    this.#store = options.store;
    this.#sender = options.sender;
    this.#source = options.source;
    this.#now = options.now ?? Date.now;
    this.#intervalMs = options.intervalMs ?? DEFAULTS.intervalMs;
    this.#staleClaimMs = options.staleClaimMs ?? DEFAULTS.staleClaimMs;
    this.#retentionMs = options.retentionMs ?? DEFAULTS.retentionMs;
    this.#log = options.logger?.child({ component: "push" });
  }

  /** Runs now and then every `intervalMs` (the timer does not keep the process alive). Idempotent. */
  start(): void {
    if (this.#timer) return;
    if (this.#abort.signal.aborted) this.#abort = unlimitedController();
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
    this.#timer.unref();
    this.#tick();
  }

  /**
   * Stops the loop and aborts sends in flight (a retry waiting on backoff included); their claims stay
   * `sending` and the next start takes them over once stale. Resolves when every run has returned.
   */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#soonTimer) clearTimeout(this.#soonTimer);
    this.#timer = null;
    this.#soonTimer = null;
    this.#abort.abort(new Error("push scheduler stopped"));
    await Promise.allSettled([...this.#running]);
  }

  /**
   * Asks for a pass within `delayMs` (default 1.5 s) instead of at the next interval: the relay calls it
   * when a document the schedule reads changed (a task assigned, a vote opened), so "now" reminders go
   * out within seconds. Calls inside the delay coalesce into one pass (at most one such pass per delay
   * while documents change continuously, so a burst of writes does not keep the relay computing
   * schedules); no-op while stopped.
   */
  soon(delayMs = 1500): void {
    if (!this.#timer || this.#soonTimer) return;
    this.#soonTimer = setTimeout(() => {
      this.#soonTimer = null;
      if (this.#planning)
        this.soon(delayMs); // the pass under way may have read the old documents
      else if (this.#timer) this.#tick();
    }, delayMs);
    this.#soonTimer.unref();
  }

  /** Keys claimed by this process and not yet finished (for tests and health output). */
  get inFlight(): ReadonlySet<string> {
    return this.#inFlight;
  }

  /**
   * One pass: schedule → due → claim → send → record. Resolves when every message of this pass has an
   * outcome (including retries). Runs may overlap: a reminder claimed by a running pass is skipped.
   * @param now the instant the pass uses, ms UTC (default: the clock)
   */
  async runOnce(now: number = this.#now()): Promise<RunReport> {
    const run = this.#run(now);
    this.#running.add(run);
    try {
      return await run;
    } finally {
      this.#running.delete(run);
    }
  }

  /**
   * Sends a test notification to every device of a member (not recorded in the sent-log). Devices that
   * answer 404/410 are removed.
   * @returns the outcome per device id
   */
  async sendTest(memberId: MemberId): Promise<Map<string, SendResult>> {
    const now = this.#now();
    const payload: TestPushPayload = { v: 1, type: "test", sentAt: now };
    const out = new Map<string, SendResult>();
    await Promise.all(
      this.#store.subscriptionsOf(memberId).map(async (sub) => {
        const result = await this.#sender.send(
          sub,
          { payload: JSON.stringify(payload), urgency: "high", expiresAt: now + 5 * 60_000 },
          this.#abort.signal,
        );
        this.#record(sub, result, null);
        out.set(sub.deviceId, result);
      }),
    );
    return out;
  }

  #tick(): void {
    // A pass still asking the source for the schedule: skip this tick rather than pile up. (Passes that
    // are only sending do not block the next one; it skips what they hold.)
    if (this.#planning) return;
    const now = this.#now();
    this.runOnce(now)
      .then((report) => {
        if (report.claimed > 0 || report.skipped > 0) this.#log?.info(summary(report), "push run");
      })
      .catch((err: unknown) => this.#log?.error({ err }, "push run failed"));
    if (now - this.#lastPrune >= PRUNE_EVERY_MS) {
      this.#lastPrune = now;
      try {
        const removed = this.#store.pruneExpired(now - this.#retentionMs);
        if (removed > 0) this.#log?.info({ removed }, "pruned the push sent-log");
      } catch (err) {
        this.#log?.error({ err }, "pruning the push sent-log failed");
      }
    }
  }

  async #run(now: number): Promise<RunReport> {
    this.#planning = true;
    let schedule: ReminderSchedule | readonly Reminder[];
    try {
      schedule = await this.#source(now);
    } finally {
      this.#planning = false;
    }
    const staleBefore = now - this.#staleClaimMs;
    const due = dueReminders(
      schedule,
      (key) => this.#inFlight.has(key) || this.#store.isSettled(key, staleBefore),
      now,
    );
    const subsByMember = new Map<MemberId, StoredSubscription[]>();
    const subsOf = (m: MemberId) => {
      let subs = subsByMember.get(m);
      if (!subs) {
        subs = this.#store.subscriptionsOf(m);
        subsByMember.set(m, subs);
      }
      return subs;
    };
    const wanted = due.filter((r) => subsOf(r.recipientMemberId).length > 0);
    const claims = this.#store.claimAll(wanted, now, staleBefore);

    const messages: Record<SendResult["outcome"], number> = {
      delivered: 0,
      gone: 0,
      rejected: 0,
      expired: 0,
      failed: 0,
      aborted: 0,
    };
    const reminders = { sent: 0, failed: 0, expired: 0, released: 0, interrupted: 0 };
    let claimed = 0;
    let reclaimed = 0;
    const deliveries: Promise<void>[] = [];
    wanted.forEach((reminder, i) => {
      const claim = claims[i];
      if (!claim) return;
      claimed++;
      if (claim.reclaimed) reclaimed++;
      for (const key of claim.keys) this.#inFlight.add(key);
      deliveries.push(
        this.#deliver(reminder, claim, subsOf(reminder.recipientMemberId), messages)
          .then((final) => {
            reminders[final]++;
          })
          .catch((err: unknown) => {
            reminders.interrupted++;
            this.#log?.error({ err, key: reminder.key }, "push delivery failed unexpectedly");
          })
          .finally(() => {
            for (const key of claim.keys) this.#inFlight.delete(key);
          }),
      );
    });
    await Promise.all(deliveries);
    return {
      now,
      due: due.length,
      noSubscription: due.length - wanted.length,
      skipped: wanted.length - claimed,
      claimed,
      reclaimed,
      messages,
      reminders,
    };
  }

  async #deliver(
    reminder: Reminder,
    claim: Claim,
    subs: readonly StoredSubscription[],
    counts: Record<SendResult["outcome"], number>,
  ): Promise<"sent" | "failed" | "expired" | "released" | "interrupted"> {
    const targets = subs.filter((s) => !claim.doneDeviceIds.has(s.deviceId));
    // With one device (the usual case) its delivery and the claim's `sent` share one commit.
    const single = targets.length === 1;
    const results = await Promise.all(
      targets.map(async (sub) => {
        const result = await this.#sender.sendReminder(sub, reminder, this.#abort.signal);
        counts[result.outcome]++;
        this.#record(sub, result, claim, single);
        return result.outcome;
      }),
    );
    const finishedAt = this.#now();
    if (single && results[0] === "delivered") return "sent";
    if (results.includes("aborted")) return "interrupted"; // left `sending`: taken over when stale
    if (claim.doneDeviceIds.size > 0 || results.includes("delivered")) {
      this.#store.finish(claim, "sent", finishedAt);
      return "sent";
    }
    if (results.length > 0 && results.every((o) => o === "gone")) {
      this.#store.release(claim);
      return "released";
    }
    if (results.length > 0 && results.every((o) => o === "expired" || o === "gone")) {
      this.#store.finish(claim, "expired", finishedAt);
      return "expired";
    }
    this.#store.finish(claim, "failed", finishedAt);
    return "failed";
  }

  /** Stores what one message's outcome means for its device (and, when delivered, for the claim). */
  #record(sub: StoredSubscription, result: SendResult, claim: Claim | null, finish = false): void {
    switch (result.outcome) {
      case "delivered":
        if (claim === null) this.#store.markDeviceSuccess(sub.deviceId, this.#now());
        else this.#store.markDelivered(claim.key, sub.deviceId, this.#now(), finish ? claim : undefined);
        break;
      case "gone":
        this.#store.removeSubscription(sub.deviceId);
        break;
      case "rejected":
      case "failed":
        this.#store.recordFailure(sub.deviceId);
        break;
      default:
        break;
    }
  }
}

/** An AbortController whose signal may have a listener per request in flight (no leak warning). */
function unlimitedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

function summary(r: RunReport): Record<string, number> {
  return {
    due: r.due,
    claimed: r.claimed,
    reclaimed: r.reclaimed,
    skipped: r.skipped,
    noSubscription: r.noSubscription,
    ...r.messages,
    ...Object.fromEntries(Object.entries(r.reminders).map(([k, v]) => [`reminders_${k}`, v])),
  };
}
