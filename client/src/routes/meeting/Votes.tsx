import { createMemo, createSignal, For, onCleanup, Show } from "solid-js";
import type { MotionInput } from "../../../../shared/src/index.ts";
import { useCurrentMeeting } from "../../components/meeting/MeetingLayout.tsx";
import { MotionCard } from "../../components/votes/MotionCard.tsx";
import { MotionForm } from "../../components/votes/MotionForm.tsx";
import "../../components/votes/votes.css";
import { useI18n } from "../../i18n/index.ts";
import { ActionError } from "../../state/actions.ts";
import { accessSubject, canEditMeeting } from "../../state/permissions.ts";
import { currentSession } from "../../state/session.ts";
import { createMotion, useMeetingVotes } from "../../state/votes.ts";

/**
 * The meeting's "votes" section (biểu quyết): motions grouped by agenda item, each with its ballot,
 * the chair's controls and its result. The chair and secretaries add, open and close motions; every
 * eligible participant votes here, in the room or remotely, online or offline (secret ballots excepted).
 */
export default function MeetingVotes() {
  const { t } = useI18n();
  const source = useCurrentMeeting();
  const votes = useMeetingVotes(source);
  const view = () => source()?.state.view ?? null;
  const canManage = () => {
    const v = view();
    return v !== null && canEditMeeting(accessSubject(), v.participants);
  };
  const [adding, setAdding] = createSignal<string | null>(null);
  const [announce, setAnnounce] = createSignal("");
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 5_000);
  onCleanup(() => clearInterval(timer));

  const names = createMemo(() => {
    const out = new Map<string, string>();
    for (const p of view()?.participants ?? []) if (p.memberId) out.set(p.memberId, p.fullName);
    return out;
  });
  const items = createMemo(() => (view()?.agenda ?? []).map((a) => ({ id: a.id, title: a.title })));
  const motionById = createMemo(() => new Map(votes.motions().map((m) => [m.motion.id as string, m])));
  /** Agenda item ids that have motions, in agenda order (strings, so <For> keeps each section mounted). */
  const itemIds = createMemo(() =>
    items()
      .map((item) => item.id)
      .filter((id) => votes.motions().some((m) => m.motion.agendaItemId === id)),
  );
  const motionIdsOf = (itemId: string) =>
    votes
      .motions()
      .filter((m) => m.motion.agendaItemId === itemId)
      .map((m) => m.motion.id as string);
  const itemNumber = (itemId: string) => items().findIndex((i) => i.id === itemId) + 1;
  const itemTitle = (itemId: string) => items().find((i) => i.id === itemId)?.title ?? "";

  const save = (input: MotionInput) => {
    try {
      createMotion(votes.meetingHandle(), input);
      setAdding(null);
      setAnnounce(t("vote.form.saved", { title: input.title.trim() }));
    } catch (err) {
      if (err instanceof ActionError) {
        throw new Error(
          `${t(`vote.error.${err.code}`)} ${err.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
        );
      }
      throw err;
    }
  };

  return (
    <section class="votes-page" aria-labelledby="section-heading">
      <h1 id="section-heading">{t("vote.heading")}</h1>
      <p class="hint">{t("vote.intro")}</p>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announce()}
      </p>
      <Show when={canManage() && adding() === null}>
        <button
          type="button"
          class="button button-primary"
          disabled={items().length === 0}
          onClick={() => setAdding(items()[0]?.id ?? "")}
        >
          {t("vote.add")}
        </button>
        <Show when={items().length === 0}>
          <p class="hint">{t("vote.form.noItems")}</p>
        </Show>
      </Show>
      <Show when={adding() !== null}>
        <MotionForm
          items={items()}
          initialItemId={adding() ?? undefined}
          onSave={save}
          onCancel={() => setAdding(null)}
        />
      </Show>
      <Show when={view()} fallback={<p class="hint">{t("vote.loading")}</p>}>
        <Show when={itemIds().length > 0} fallback={<p class="empty-state">{t("vote.none")}</p>}>
          <For each={itemIds()}>
            {(itemId) => (
              <section class="motion-group" aria-labelledby={`item-${itemId}`}>
                <h2 id={`item-${itemId}`}>
                  {t("vote.itemHeading", { n: itemNumber(itemId), title: itemTitle(itemId) })}
                </h2>
                <For each={motionIdsOf(itemId)}>
                  {(motionId) => (
                    <Show when={motionById().get(motionId)}>
                      {(m) => (
                        <MotionCard
                          motion={m()}
                          result={votes.results().get(motionId)}
                          myVote={votes.myVotes().get(motionId)}
                          memberId={currentSession()?.memberId ?? ""}
                          canManage={canManage()}
                          meetingUrl={source()?.state.url ?? ""}
                          timeZone={view()?.timeZone ?? "Asia/Ho_Chi_Minh"}
                          names={names()}
                          meetingHandle={votes.meetingHandle()}
                          participationHandle={votes.participationHandle()}
                          now={now()}
                        />
                      )}
                    </Show>
                  )}
                </For>
              </section>
            )}
          </For>
        </Show>
      </Show>
    </section>
  );
}
