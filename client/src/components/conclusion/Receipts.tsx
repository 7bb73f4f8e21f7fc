import { createMemo, For, type JSX, Show } from "solid-js";
import { formatDateTime } from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { notices } from "../../state/notices.ts";
import { directory } from "../tasks/format.ts";

/** For the secretary: who in the recipient units has read the meeting's issued notice, and when. */
export function Receipts(props: { meetingId: string }): JSX.Element {
  const { t } = useI18n();
  const dir = createMemo(() => directory());
  const notice = createMemo(() => notices().find((n) => n.view.meetingId === props.meetingId));
  const rows = createMemo(() => {
    const n = notice();
    if (!n) return [];
    const units = new Set(n.view.recipientUnitIds);
    return dir()
      .members.filter((m) => !m.disabled && m.unitId && units.has(m.unitId))
      .map((m) => ({ name: m.fullName, unit: m.unitName ?? "", readAt: n.view.receipts.get(m.id) ?? null }));
  });
  return (
    <Show when={notice()}>
      <section class="task-section" aria-labelledby="receipts-heading">
        <h2 id="receipts-heading">{t("conclusionDraft.receipts")}</h2>
        <table class="stats-table">
          <tbody>
            <For each={rows()}>
              {(r) => (
                <tr>
                  <th scope="row">
                    {r.name} · {r.unit}
                  </th>
                  <td>
                    {r.readAt
                      ? t("conclusionDraft.receiptRead", { date: formatDateTime(r.readAt) })
                      : t("conclusionDraft.receiptUnread")}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
    </Show>
  );
}
