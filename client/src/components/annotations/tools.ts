import type { AnnotationKind } from "../../../../shared/src/index.ts";

/** What a pointer on the page does: select annotations, or make one of a kind. */
export type AnnotationTool = "select" | AnnotationKind;

/** The toolbar's order. */
export const ANNOTATION_TOOLS: readonly AnnotationTool[] = [
  "select",
  "text_highlight",
  "area_highlight",
  "note",
  "ink",
];
