import type { DocHandle } from "@automerge/automerge-repo/slim";
import { createMemo, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import { DEFAULT_TIME_ZONE, formatDateTime, instant } from "../../../../shared/src/index.ts";
import {
  type AuditResult,
  fetchAudit,
  type HistoryEntry,
  joinHistory,
  type LocalChange,
  localChanges,
  unacknowledgedHashes,
} from "../../state/history.ts";
import { relayAcknowledgedHeads } from "../../state/repo.ts";
import { useMeetingsText } from "./i18n.ts";

/** Entries shown at first and added by each "Xem thêm". */
const PAGE = 20;
/** A relay receipt this much later than the author's clock is shown too (offline edits, wrong clocks). */
const RECEIPT_NOTE_MS = 10 * 60 * 1000;

/**
 * "Lịch sử thay đổi": who (member), which device, when (HH:mm dd/MM/yyyy, Asia/Ho_Chi_Minh) and what
 * (the change message) for a document. Local changes come from the Automerge document; who and which
 * device from the relay's audit log. Offline, only local history shows, without who. Loaded when the
 * member opens it, and again with "Làm mới".
 */
export function MeetingHistory(props: {
  handle: DocHandle<unknown> | undefined;
  /** Injected in tests; the relay's audit log by default. */
  loadAudit?: (documentId: string) => Promise<AuditResult>;
  /** The heads the relay acknowledged (hex), when connected. */
  relayHeads?: (handle: DocHandle<unknown>) => string[] | undefined;
}): JSX.Element {
  const { t } = useMeetingsText();
  const [open, setOpen] = createSignal(false);
  const [loading, setLoading] = createSignal(false);
  const [local, setLocal] = createSignal<LocalChange[]>([]);
  const [audit, setAudit] = createSignal<AuditResult>();
  /** Changes the relay has not acknowledged (undefined: unknown, offline). */
  const [pending, setPending] = createSignal<Set<string>>();
  const [limit, setLimit] = createSignal(PAGE);

  const entries = createMemo<HistoryEntry[]>(() => {
    const a = audit();
    return joinHistory(local(), a?.kind === "ok" ? a.entries : undefined);
  });

  const load = async () => {
    const h = props.handle;
    if (!h?.isReady()) return;
    setLoading(true);
    setLocal(localChanges(h.doc()));
    try {
      setAudit(await (props.loadAudit ?? fetchAudit)(h.documentId));
      // Changes that arrived while the log was loading.
      setLocal(localChanges(h.doc()));
      setPending(unacknowledgedHashes(h.doc(), (props.relayHeads ?? relayAcknowledgedHeads)(h)));
    } finally {
      setLoading(false);
    }
  };

  const toggle = () => {
    const next = !open();
    setOpen(next);
    if (next) void load();
  };

  const when = (e: HistoryEntry) => {
    const at = e.time ?? (e.audit ? Date.parse(e.audit.receivedAt) : null);
    return at === null ? t("history.unknown") : formatDateTime(instant(at), DEFAULT_TIME_ZONE);
  };
  const receiptNote = (e: HistoryEntry) => {
    if (!e.audit || e.time === null) return undefined;
    const received = Date.parse(e.audit.receivedAt);
    return Math.abs(received - e.time) > RECEIPT_NOTE_MS
      ? t("history.receivedAt", { time: formatDateTime(e.audit.receivedAt, DEFAULT_TIME_ZONE) })
      : undefined;
  };
  const who = (e: HistoryEntry) => {
    if (e.audit) {
      if (e.audit.memberName) return e.audit.memberName;
      if (e.audit.origin === "admin") return t("history.admin");
      return e.audit.memberId ? t("history.unknown") : t("history.relay");
    }
    // Not in the log: either not on the relay yet, or made before the log existed (or by the relay).
    const notAcknowledged = pending()?.has(e.hash);
    if (notAcknowledged === true) return t("history.notOnServer");
    if (notAcknowledged === false && audit()?.kind === "ok") return t("history.notInLog");
    return t("history.unknown");
  };

  return (
    <section class="meeting-history" aria-labelledby="history-heading">
      <div class="section-header">
        <h2 id="history-heading">{t("history.heading")}</h2>
        <div class="history-actions">
          <Show when={open()}>
            <button
              type="button"
              class="button button-small"
              disabled={loading()}
              onClick={() => void load()}
            >
              {t("history.refresh")}
            </button>
          </Show>
          <button
            type="button"
            class="button button-small"
            aria-expanded={open()}
            aria-controls="history-body"
            disabled={!props.handle}
            onClick={toggle}
          >
            {open() ? t("history.hide") : t("history.show")}
          </button>
        </div>
      </div>
      <div id="history-body" hidden={!open()}>
        <p class="hint">{t("history.intro")}</p>
        <p role="status" class="history-status">
          <Switch>
            <Match when={loading() && entries().length === 0}>{t("history.loading")}</Match>
            <Match when={audit()?.kind === "offline"}>{t("history.offline")}</Match>
            <Match when={audit()?.kind === "unavailable"}>{t("history.auditUnavailable")}</Match>
            <Match when={audit()?.kind === "error"}>{t("history.auditError")}</Match>
          </Switch>
        </p>
        <Show when={open() && !loading() && entries().length === 0}>
          <p class="empty-state">{t("history.empty")}</p>
        </Show>
        <Show when={entries().length > 0}>
          <table class="history-table">
            <caption class="visually-hidden">
              {t("history.count", { shown: Math.min(limit(), entries().length), total: entries().length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("history.when")}</th>
                <th scope="col">{t("history.who")}</th>
                <th scope="col">{t("history.device")}</th>
                <th scope="col">{t("history.what")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={entries().slice(0, limit())}>
                {(e) => (
                  <tr classList={{ "is-local-only": pending()?.has(e.hash) === true }}>
                    <td class="history-when" data-label={t("history.when")}>
                      <time datetime={e.time !== null ? instant(e.time) : (e.audit?.receivedAt ?? "")}>
                        {when(e)}
                      </time>
                      <Show when={receiptNote(e)}>
                        {(note) => <span class="history-receipt">{note()}</span>}
                      </Show>
                    </td>
                    <td class="history-who" data-label={t("history.who")}>
                      {who(e)}
                    </td>
                    <td class="history-device" data-label={t("history.device")}>
                      {e.audit?.deviceName ?? "—"}
                    </td>
                    <td class="history-what" data-label={t("history.what")}>
                      {e.message ?? t("history.noMessage")}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <p class="hint">
            {t("history.count", { shown: Math.min(limit(), entries().length), total: entries().length })}
          </p>
          <Show when={entries().length > limit()}>
            <button type="button" class="button" onClick={() => setLimit((n) => n + PAGE)}>
              {t("history.more")}
            </button>
          </Show>
        </Show>
      </div>
    </section>
  );
}
