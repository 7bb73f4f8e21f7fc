import type { AutomergeUrl, Doc, DocHandle } from "@automerge/automerge-repo";
import { type Accessor, createEffect, createResource, createSignal, onCleanup } from "solid-js";
import { type MeetingDoc, type ParticipationDoc, str } from "../../../../shared/src/index.ts";
import { repo } from "../../state/repo.ts";

/**
 * The meeting's participation document (receipts, …) as a reactive value, following its changes;
 * undefined until it is on this device. Owner-bound: the change listener goes with the owner.
 */
export function useParticipationDoc(
  meeting: Accessor<Doc<MeetingDoc> | undefined>,
): Accessor<Doc<ParticipationDoc> | undefined> {
  const [doc, setDoc] = createSignal<Doc<ParticipationDoc> | undefined>(undefined, { equals: false });
  const [handle] = createResource(
    () => str(meeting()?.participationUrl),
    async (url) => {
      try {
        return await repo.find<ParticipationDoc>(url as AutomergeUrl, {
          allowableStates: ["ready", "unavailable"],
        });
      } catch {
        return undefined;
      }
    },
  );
  createEffect(() => {
    const h: DocHandle<ParticipationDoc> | undefined = handle();
    if (!h) return;
    const onChange = () => setDoc(() => (h.isReady() ? h.doc() : undefined));
    h.on("change", onChange);
    onCleanup(() => h.off("change", onChange));
    if (h.isReady()) onChange();
    else void h.whenReady().then(onChange, () => undefined);
  });
  return doc;
}
