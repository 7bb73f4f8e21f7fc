import { createSignal, For, Show } from "solid-js";
import { type AgendaItemView, PAPER_KINDS, type PaperKind } from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { formatBytes } from "./format.ts";
import type { UploadItem, UploadTarget } from "./upload.ts";

/**
 * Adding papers: kind and agenda item, then files by drag and drop or the file picker (several at
 * once), and the list of files being added with a progress bar each and, for a refused one, the
 * relay's reason. The drop zone is only a convenience: the picker is a real labelled button.
 */
export function AttachPapers(props: {
  agenda: readonly AgendaItemView[];
  items: readonly UploadItem[];
  onFiles: (files: File[], target: UploadTarget) => void;
  onDismiss: (key: number) => void;
}) {
  const { t, intlLocale } = useI18n();
  const [kind, setKind] = createSignal<PaperKind>("submission");
  const [item, setItem] = createSignal<string>("");
  const [over, setOver] = createSignal(false);
  const target = (): UploadTarget => ({ kind: kind(), agendaItemId: item() || null });
  const take = (list: FileList | null | undefined) => {
    const files = list ? [...list] : [];
    if (files.length > 0) props.onFiles(files, target());
  };
  return (
    <section class="attach-papers" aria-labelledby="attach-heading">
      <h2 id="attach-heading">{t("papers.attach.heading")}</h2>
      <div class="attach-fields">
        <label>
          <span>{t("papers.attach.kindLabel")}</span>
          <select value={kind()} onChange={(e) => setKind(e.currentTarget.value as PaperKind)}>
            <For each={PAPER_KINDS}>{(k) => <option value={k}>{t(`papers.kind.${k}`)}</option>}</For>
          </select>
        </label>
        <label>
          <span>{t("papers.attach.targetLabel")}</span>
          <select value={item()} onChange={(e) => setItem(e.currentTarget.value)}>
            <option value="">{t("papers.wholeMeeting")}</option>
            <For each={props.agenda}>
              {(a, i) => (
                <option value={a.id}>
                  {i() + 1}. {a.title}
                </option>
              )}
            </For>
          </select>
        </label>
      </div>
      <fieldset
        class="drop-zone"
        classList={{ over: over() }}
        onDragEnter={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          take(e.dataTransfer?.files);
        }}
      >
        <legend class="visually-hidden">{t("papers.attach.pickLabel")}</legend>
        <p>{t("papers.attach.drop")}</p>
        <label class="file-button">
          <span>{t("papers.attach.pick")}</span>
          <input
            type="file"
            multiple
            accept="application/pdf,.pdf"
            aria-label={t("papers.attach.pickLabel")}
            onChange={(e) => {
              take(e.currentTarget.files);
              e.currentTarget.value = "";
            }}
          />
        </label>
        <p class="hint">
          {t("papers.attach.onlyPdf")} {t("papers.attach.limit")}
        </p>
      </fieldset>
      <Show when={props.items.length > 0}>
        <ul class="upload-list" aria-live="polite">
          <For each={props.items}>
            {(u) => (
              <li class="upload-item" classList={{ [`is-${u.phase}`]: true }}>
                <span class="upload-name">{u.name}</span>
                <span class="upload-size">{formatBytes(u.size, intlLocale())}</span>
                <Show when={u.phase === "uploading" || u.phase === "checking"}>
                  <progress
                    max={Math.max(1, u.size)}
                    value={u.sent}
                    aria-label={t("papers.attach.progressLabel", { name: u.name })}
                  />
                  <span class="upload-phase">
                    {u.phase === "checking" ? t("papers.attach.checking") : t("papers.attach.uploading")}
                  </span>
                </Show>
                <Show when={u.phase === "waiting"}>
                  <span class="upload-phase">{t("papers.attach.waiting")}</span>
                </Show>
                <Show when={u.phase === "done"}>
                  <span class="upload-phase">{t("papers.attach.done")}</span>
                </Show>
                <Show when={u.phase === "failed"}>
                  <span class="upload-error" role="alert">
                    {t("papers.attach.failed")}:{" "}
                    {u.error?.kind === "blob"
                      ? t(`blob.${u.error.code}`)
                      : t(`error.${u.error?.code ?? "unknown"}`)}
                  </span>
                </Show>
                <Show when={u.phase === "done" || u.phase === "failed"}>
                  <button
                    type="button"
                    class="button button-quiet button-small"
                    onClick={() => props.onDismiss(u.key)}
                  >
                    {t("papers.attach.dismiss")}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
