import { For, type JSX } from "solid-js";
import { ANNOTATION_COLORS, ANNOTATION_PALETTE, type AnnotationColor } from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { ANNOTATION_TOOLS, type AnnotationTool } from "./tools.ts";

export interface AnnotationToolbarProps {
  readonly tool: AnnotationTool;
  readonly color: AnnotationColor;
  readonly onTool: (tool: AnnotationTool) => void;
  readonly onColor: (color: AnnotationColor) => void;
  /** False while annotating is not possible yet (the private document is still opening). */
  readonly enabled: boolean;
}

/**
 * The annotation toolbar: the tool and the colour, each a group of radio buttons (native inputs, so
 * Tab reaches each group and the arrow keys move within it, on every platform and screen reader),
 * with a hint for the current tool read out politely.
 */
export function AnnotationToolbar(props: AnnotationToolbarProps): JSX.Element {
  const { t } = useI18n();
  return (
    <div class="annotation-toolbar" role="toolbar" aria-label={t("annot.toolbar")}>
      <fieldset class="annotation-tools" disabled={!props.enabled}>
        <legend class="visually-hidden">{t("annot.toolLabel")}</legend>
        <For each={ANNOTATION_TOOLS}>
          {(tool) => (
            <label class="tool-choice" classList={{ active: props.tool === tool }}>
              <input
                type="radio"
                name="annotation-tool"
                value={tool}
                checked={props.tool === tool}
                onChange={() => props.onTool(tool)}
              />
              <span>{t(`annot.tool.${tool}`)}</span>
            </label>
          )}
        </For>
      </fieldset>
      <fieldset class="annotation-colors" disabled={!props.enabled}>
        <legend class="visually-hidden">{t("annot.colorLabel")}</legend>
        <For each={ANNOTATION_COLORS}>
          {(color) => (
            <label
              class="color-choice"
              classList={{ active: props.color === color }}
              title={t(`annot.color.${color}`)}
            >
              <input
                type="radio"
                name="annotation-color"
                value={color}
                checked={props.color === color}
                onChange={() => props.onColor(color)}
              />
              <span class="swatch" style={{ background: ANNOTATION_PALETTE[color] }} aria-hidden="true" />
              <span class="visually-hidden">{t(`annot.color.${color}`)}</span>
            </label>
          )}
        </For>
      </fieldset>
      <p class="tool-hint" aria-live="polite">
        {t(`annot.toolHint.${props.tool}`)}
      </p>
    </div>
  );
}
