import type { Brand } from "../ids.ts";
import type { UtcInstant } from "../meeting/types.ts";
import type { Imm } from "../schema/immutable.ts";
import type { Point, Quad, Rect } from "./geometry.ts";
import type { TextQuote } from "./quote.ts";

/*
 * Annotations (ghi chú, đánh dấu) on the pages of meeting documents.
 *
 * Where they live (ARCHITECTURE.md: a permission boundary is a document boundary):
 * - private (the default): the member's private document, container `annotations`, keyed by id. Only
 *   that member's devices read and write it.
 * - shared: the meeting's participation document, container `sharedAnnotations`, keyed
 *   `${memberId}:${annotationId}`; replies sit in the same container at `${replierId}:${replyId}`
 *   (entries are told apart by `type`), so every member writes only their own keys.
 * An annotation lives in one place at a time: sharing moves it (the private entry keeps a `sharedAt`
 * marker), unsharing moves it back.
 *
 * Positions are in PDF user space of the page (`pageIndex`, 0-based), never in screen pixels; the
 * file is the content-addressed blob of one version (its SHA-256), so a new version is a new file and
 * annotations are carried over to it (carry-over.ts), never moved under their feet.
 */

export type AnnotationId = Brand<string, "AnnotationId">;
export type AnnotationReplyId = Brand<string, "AnnotationReplyId">;

/** What an annotation is: a text highlight, a rectangle highlight (scans), a sticky note, or ink. */
export const AnnotationKind = {
  TextHighlight: "text_highlight",
  AreaHighlight: "area_highlight",
  Note: "note",
  Ink: "ink",
} as const;
export type AnnotationKind = (typeof AnnotationKind)[keyof typeof AnnotationKind];
export const ANNOTATION_KINDS: readonly AnnotationKind[] = Object.values(AnnotationKind);

/** The fixed palette: names are stored, never colour values, so the palette can be re-tuned. */
export const AnnotationColor = {
  Yellow: "yellow",
  Green: "green",
  Blue: "blue",
  Pink: "pink",
  Orange: "orange",
  Purple: "purple",
  Red: "red",
} as const;
export type AnnotationColor = (typeof AnnotationColor)[keyof typeof AnnotationColor];
export const ANNOTATION_COLORS: readonly AnnotationColor[] = Object.values(AnnotationColor);

/** sRGB of each colour (`#rrggbb`), for drawing (highlights at ~40 % opacity, multiply) and export. */
export const ANNOTATION_PALETTE: Readonly<Record<AnnotationColor, string>> = {
  yellow: "#ffd400",
  green: "#5fb236",
  blue: "#2ea8e5",
  pink: "#ff6fcf",
  orange: "#f19837",
  purple: "#a28ae5",
  red: "#e53935",
};

/** One pen stroke: flat points `[x0, y0, x1, y1, …]` in user space, and pressure 0…1 per point if the pen gave it. */
export interface InkStroke {
  readonly points: readonly number[];
  readonly pressures: readonly number[] | null;
}

/** Where an annotation is on its page, in PDF user space. */
export type AnnotationGeometry =
  | { readonly kind: typeof AnnotationKind.TextHighlight; readonly quads: readonly Quad[] }
  | { readonly kind: typeof AnnotationKind.AreaHighlight; readonly rect: Rect }
  /** The note icon's centre. */
  | { readonly kind: typeof AnnotationKind.Note; readonly point: Point }
  /** `thickness`: stroke width in user-space units at full pressure. */
  | {
      readonly kind: typeof AnnotationKind.Ink;
      readonly strokes: readonly InkStroke[];
      readonly thickness: number;
    };

/** Geometry of one kind. */
export type GeometryOf<K extends AnnotationKind> = Extract<AnnotationGeometry, { kind: K }>;

/** Where an annotation came from when it was carried over to a new version. */
export interface CarriedFrom {
  readonly fileId: string;
  readonly annotationId: string;
}

/** An annotation as plain data (selectors give these). */
export interface AnnotationView {
  readonly id: string;
  readonly kind: AnnotationKind;
  readonly meetingId: string;
  /** SHA-256 (hex) of the version's PDF. */
  readonly fileId: string;
  /** 0-based. */
  readonly pageIndex: number;
  readonly color: AnnotationColor;
  readonly geometry: AnnotationGeometry;
  /** The text under a text highlight (with context); null for other kinds. */
  readonly quote: TextQuote | null;
  /** The note's text, or a comment on a highlight or drawing ("" for none). */
  readonly text: string;
  readonly carriedFrom: CarriedFrom | null;
  readonly createdAt: UtcInstant;
  readonly updatedAt: UtcInstant;
  readonly deletedAt: UtcInstant | null;
}

/** A private annotation; `sharedAt` set means it now lives in the participation document. */
export interface PrivateAnnotationView extends AnnotationView {
  readonly sharedAt: UtcInstant | null;
}

/** A shared annotation with its author. */
export interface SharedAnnotationView extends AnnotationView {
  readonly memberId: string;
  readonly sharedAt: UtcInstant;
  /** Set when the author took it back (unshared). */
  readonly unsharedAt: UtcInstant | null;
}

/** A reply to a shared annotation. */
export interface AnnotationReplyView {
  readonly id: string;
  readonly memberId: string;
  /** The annotation replied to: its author and id. */
  readonly annotationMemberId: string;
  readonly annotationId: string;
  /** "" once deleted. */
  readonly text: string;
  readonly createdAt: UtcInstant;
  readonly editedAt: UtcInstant | null;
  readonly deleted: boolean;
}

// ---- document entries (what change functions write) ----

/** Geometry as stored: the fields of its kind only (the kind is the entry's). Arrays are replaced whole. */
export interface GeometryEntry {
  quads?: number[][];
  rect?: number[];
  point?: number[];
  strokes?: { points: number[]; pressures: number[] | null }[];
  thickness?: number;
}

export interface QuoteEntry {
  exact: Imm;
  prefix: Imm;
  suffix: Imm;
}

export interface AnnotationEntry {
  id: Imm<AnnotationId>;
  kind: Imm<AnnotationKind>;
  meetingId: Imm;
  fileId: Imm;
  pageIndex: number;
  color: Imm<AnnotationColor>;
  /** Replaced as a whole on edit (last writer wins; never half of two drawings). */
  geometry: GeometryEntry;
  quote: QuoteEntry | null;
  /** Collaborative text: the author's devices merge character-wise. */
  text: string;
  carriedFrom: { fileId: Imm; annotationId: Imm } | null;
  createdAt: Imm<UtcInstant>;
  updatedAt: Imm<UtcInstant>;
  /** Soft delete: a concurrent edit on another device stays inside, never resurrects it. */
  deletedAt: Imm<UtcInstant> | null;
}

/** In PrivateDoc.annotations at key `id`. */
export interface PrivateAnnotationEntry extends AnnotationEntry {
  sharedAt: Imm<UtcInstant> | null;
}

/** In ParticipationDoc.sharedAnnotations at key `${memberId}:${id}`. */
export interface SharedAnnotationEntry extends AnnotationEntry {
  type: Imm<"annotation">;
  memberId: Imm;
  sharedAt: Imm<UtcInstant>;
  unsharedAt: Imm<UtcInstant> | null;
}

/** In ParticipationDoc.sharedAnnotations at key `${memberId}:${id}`. Threads are one level deep. */
export interface AnnotationReplyEntry {
  type: Imm<"reply">;
  id: Imm<AnnotationReplyId>;
  memberId: Imm;
  annotationMemberId: Imm;
  annotationId: Imm;
  text: string;
  createdAt: Imm<UtcInstant>;
  editedAt: Imm<UtcInstant> | null;
  deletedAt: Imm<UtcInstant> | null;
}

export type SharedAnnotationsEntry = SharedAnnotationEntry | AnnotationReplyEntry;

/**
 * Finer reasons for refusals, in `DomainError.details.reason` next to a general ReasonCode (as
 * meeting-run's RunRefusal; proposed for promotion to ReasonCode).
 */
export const AnnotationRefusal = {
  /** Editing, deleting or unsharing another member's annotation or reply. */
  NotOwner: "not_owner",
  /** The member is not a participant of the meeting, or is an observer (read only). */
  NotInvited: "not_invited",
  /** The private annotation was shared: edit the shared one (or unshare it first). */
  AlreadyShared: "already_shared",
  /** The shared annotation was taken back by its author. */
  Unshared: "unshared",
  /** The geometry's kind is not the annotation's. */
  KindMismatch: "kind_mismatch",
  /** The annotation belongs to another meeting than this participation document's. */
  OtherMeeting: "other_meeting",
  /** The private document is another member's. */
  NotOwnDocument: "not_own_document",
} as const;
export type AnnotationRefusal = (typeof AnnotationRefusal)[keyof typeof AnnotationRefusal];
