import { z } from "zod";
import type { Point, Quad, Rect } from "./geometry.ts";
import { ANNOTATION_COLORS, type AnnotationColor, type AnnotationGeometry, AnnotationKind } from "./types.ts";

/*
 * Runtime schemas: of what the UI passes to change functions (input), and of entries as stored, on
 * plain JSON (`toPlain`). Selectors read peer data through the entry schemas and skip what does not
 * parse, so a malformed entry never breaks a view; the lead can plug them into the private and
 * participation document validators in place of `z.unknown()`.
 */

const instant = z.iso.datetime({ offset: false });
const id = z.string().min(1).max(200);
/** SHA-256 of a version's bytes, as blob references spell it. */
const fileId = z.string().regex(/^[0-9a-f]{64}$/, "fileId: a SHA-256 in lower-case hex");
/** User-space coordinates: PDF implementations limit reals to about ±32767 (ISO 32000-1 Annex C); UserUnit may scale. */
const coordinate = z.number().min(-1e6).max(1e6);
const colorSchema = z.enum(ANNOTATION_COLORS as [AnnotationColor, ...AnnotationColor[]]);

export const MAX_QUADS = 2000;
export const MAX_STROKES = 500;
export const MAX_POINTS_PER_STROKE = 5000;
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_QUOTE_LENGTH = 5000;

export const pointSchema = z.tuple([coordinate, coordinate]) as unknown as z.ZodType<Point>;
export const rectSchema = z
  .tuple([coordinate, coordinate, coordinate, coordinate])
  // Any two opposite corners (a drag in any direction); stored normalised.
  .refine((r) => r[0] !== r[2] && r[1] !== r[3], "rect: an area, not a line") as unknown as z.ZodType<Rect>;
export const quadSchema = z.tuple([
  coordinate,
  coordinate,
  coordinate,
  coordinate,
  coordinate,
  coordinate,
  coordinate,
  coordinate,
]) as unknown as z.ZodType<Quad>;

export const inkStrokeSchema = z
  .object({
    points: z
      .array(coordinate)
      .min(2)
      .max(MAX_POINTS_PER_STROKE * 2)
      .refine((p) => p.length % 2 === 0, "points: x, y pairs"),
    pressures: z.array(z.number().min(0).max(1)).nullable(),
  })
  .refine((s) => s.pressures === null || s.pressures.length * 2 === s.points.length, {
    message: "pressures: one per point",
  });

const thickness = z.number().min(0.1).max(100);

/** Geometry as the UI gives it (discriminated on `kind`). */
export const geometrySchema: z.ZodType<AnnotationGeometry> = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal(AnnotationKind.TextHighlight),
    quads: z.array(quadSchema).min(1).max(MAX_QUADS),
  }),
  z.object({ kind: z.literal(AnnotationKind.AreaHighlight), rect: rectSchema }),
  z.object({ kind: z.literal(AnnotationKind.Note), point: pointSchema }),
  z.object({
    kind: z.literal(AnnotationKind.Ink),
    strokes: z.array(inkStrokeSchema).min(1).max(MAX_STROKES),
    thickness,
  }),
]) as unknown as z.ZodType<AnnotationGeometry>;

export const textQuoteSchema = z.object({
  exact: z.string().min(1).max(MAX_QUOTE_LENGTH),
  prefix: z.string().max(200),
  suffix: z.string().max(200),
});

const text = z.string().max(MAX_TEXT_LENGTH);

/** A new annotation as the UI gives it. A text highlight needs its quote; other kinds have none. */
export const newAnnotationInputSchema = z
  .object({
    meetingId: id,
    fileId,
    pageIndex: z.number().int().min(0).max(100_000),
    color: colorSchema,
    geometry: geometrySchema,
    quote: textQuoteSchema.nullable().optional(),
    text: text.optional(),
  })
  .superRefine((a, ctx) => {
    const isText = a.geometry.kind === AnnotationKind.TextHighlight;
    if (isText && !a.quote)
      ctx.addIssue({ code: "custom", path: ["quote"], message: "a text highlight needs its quote" });
    if (!isText && a.quote)
      ctx.addIssue({ code: "custom", path: ["quote"], message: "only text highlights have a quote" });
  });
export type NewAnnotationInput = z.input<typeof newAnnotationInputSchema>;

/** What the owner may change. Geometry must stay of the annotation's kind; a new quote goes with new quads. */
export const annotationPatchSchema = z.object({
  color: colorSchema.optional(),
  text: text.optional(),
  geometry: geometrySchema.optional(),
  quote: textQuoteSchema.optional(),
});
export type AnnotationPatch = z.input<typeof annotationPatchSchema>;

export const replyInputSchema = z.object({ text: z.string().trim().min(1).max(MAX_TEXT_LENGTH) });

// ---- stored entries, on plain JSON ----

const geometryEntrySchema = z.object({
  quads: z.array(quadSchema).min(1).max(MAX_QUADS).optional(),
  rect: rectSchema.optional(),
  point: pointSchema.optional(),
  strokes: z.array(inkStrokeSchema).min(1).max(MAX_STROKES).optional(),
  thickness: thickness.optional(),
});

const annotationEntryFields = {
  id,
  kind: z.enum([
    AnnotationKind.TextHighlight,
    AnnotationKind.AreaHighlight,
    AnnotationKind.Note,
    AnnotationKind.Ink,
  ]),
  meetingId: id,
  fileId,
  pageIndex: z.number().int().min(0),
  color: colorSchema,
  geometry: geometryEntrySchema,
  quote: textQuoteSchema.nullable(),
  text,
  carriedFrom: z.object({ fileId, annotationId: id }).nullable(),
  createdAt: instant,
  updatedAt: instant,
  deletedAt: instant.nullable(),
};

/** Geometry fields a kind needs. */
const NEEDS: Record<AnnotationKind, readonly (keyof z.infer<typeof geometryEntrySchema>)[]> = {
  text_highlight: ["quads"],
  area_highlight: ["rect"],
  note: ["point"],
  ink: ["strokes", "thickness"],
};

function geometryMatchesKind(e: {
  kind: AnnotationKind;
  geometry: z.infer<typeof geometryEntrySchema>;
}): boolean {
  return NEEDS[e.kind].every((field) => e.geometry[field] !== undefined);
}

export const privateAnnotationEntrySchema = z
  .object({ ...annotationEntryFields, sharedAt: instant.nullable() })
  .refine(geometryMatchesKind, "geometry does not fit the kind");

export const sharedAnnotationEntrySchema = z
  .object({
    ...annotationEntryFields,
    type: z.literal("annotation"),
    memberId: id,
    sharedAt: instant,
    unsharedAt: instant.nullable(),
  })
  .refine(geometryMatchesKind, "geometry does not fit the kind");

export const annotationReplyEntrySchema = z.object({
  type: z.literal("reply"),
  id,
  memberId: id,
  annotationMemberId: id,
  annotationId: id,
  text,
  createdAt: instant,
  editedAt: instant.nullable(),
  deletedAt: instant.nullable(),
});

export type PlainAnnotationEntry = z.infer<typeof privateAnnotationEntrySchema>;
export type PlainSharedAnnotationEntry = z.infer<typeof sharedAnnotationEntrySchema>;
export type PlainAnnotationReplyEntry = z.infer<typeof annotationReplyEntrySchema>;
