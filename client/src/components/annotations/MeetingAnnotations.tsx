import { useNavigate } from "@solidjs/router";
import { type Accessor, type JSX, Show } from "solid-js";
import { allPaperVersions, type MeetingDoc } from "../../../../shared/src/index.ts";
import { useMeetingAnnotations } from "../../state/annotation-docs.ts";
import { type MeetingSource, meetingPath } from "../../state/meetings.ts";
import { AnnotationPanel } from "./AnnotationPanel.tsx";
import "./annotations.css";

/**
 * The meeting-wide annotations panel (the meeting's Papers tab): my annotations on every paper of the
 * meeting and the shared ones with their threads, each opening its paper at its page. Shown once there
 * is something to list.
 */
export function MeetingAnnotations(props: {
  readonly source: Accessor<MeetingSource | undefined>;
  readonly meetingDoc: Accessor<MeetingDoc | undefined>;
}): JSX.Element {
  const navigate = useNavigate();
  const data = useMeetingAnnotations(props.source);
  const versions = () => {
    const d = props.meetingDoc();
    try {
      return d ? allPaperVersions(d) : [];
    } catch {
      return [];
    }
  };
  const open = (hash: string, pageIndex: number) => {
    const paper = versions().find((v) => v.hash === hash && !v.deletedAt);
    const id = props.source()?.state.documentId;
    if (paper && id) {
      navigate(`${meetingPath(id)}/papers/${encodeURIComponent(paper.id)}?page=${pageIndex + 1}`);
    }
  };
  return (
    <Show when={data.mine().length > 0 || data.threads().length > 0}>
      <AnnotationPanel
        data={data}
        fileName={(hash) => versions().find((v) => v.hash === hash)?.name}
        onJump={open}
      />
    </Show>
  );
}
