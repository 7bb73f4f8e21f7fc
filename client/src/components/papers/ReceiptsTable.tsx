import { For, Show } from "solid-js";
import {
  type PaperView,
  type ParticipantView,
  type ParticipationDoc,
  receiptState,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";

/**
 * For the chair and secretaries: per paper (current version) and participant, whether the paper is on
 * one of their devices ("received") and whether they opened it. A table with row and column headers,
 * scrollable sideways (and focusable for keyboard scrolling) when there are many participants.
 */
export function ReceiptsTable(props: {
  papers: readonly PaperView[];
  participants: readonly ParticipantView[];
  participation: Pick<ParticipationDoc, "receipts"> | undefined;
}) {
  const { t } = useI18n();
  const members = () => props.participants.filter((p) => p.memberId && !p.removedAt);
  const opened = (paper: PaperView) =>
    members().filter((m) => receiptState(props.participation, m.memberId!, paper.id) === "opened").length;
  return (
    <section class="receipts" aria-labelledby="receipts-heading">
      <h2 id="receipts-heading">{t("papers.receipts.heading")}</h2>
      <Show when={members().length > 0} fallback={<p class="hint">{t("papers.receipts.noMembers")}</p>}>
        <section class="table-scroll" aria-labelledby="receipts-heading" tabindex="0">
          <table class="receipts-table">
            <caption>{t("papers.receipts.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("tabs.papers")}</th>
                <For each={members()}>{(m) => <th scope="col">{m.fullName}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={props.papers}>
                {(paper) => (
                  <tr>
                    <th scope="row">
                      {paper.name}
                      <span class="receipts-summary">
                        {t("papers.receipts.summary", { opened: opened(paper), total: members().length })}
                      </span>
                    </th>
                    <For each={members()}>
                      {(m) => {
                        const state = () => receiptState(props.participation, m.memberId!, paper.id);
                        return (
                          <td class={`receipt-${state()}`}>
                            <span aria-hidden="true">
                              {state() === "opened" ? "✓✓ " : state() === "received" ? "✓ " : "– "}
                            </span>
                            {t(`papers.receipts.${state()}`)}
                          </td>
                        );
                      }}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </section>
      </Show>
    </section>
  );
}
