import type { AgendaItemId, MeetingId, ParticipantId } from "../ids.ts";
import type { Imm } from "../schema/immutable.ts";
import type { Paper } from "./papers.ts";

/** Kinds of meeting (GLOSSARY.md: cuộc họp thường kỳ, chuyên đề, kỳ họp HĐND, phiếu lấy ý kiến). */
export const MeetingKind = {
  Regular: "regular",
  Thematic: "thematic",
  CouncilSession: "council_session",
  WrittenConsultation: "written_consultation",
} as const;
export type MeetingKind = (typeof MeetingKind)[keyof typeof MeetingKind];
export const MEETING_KINDS: readonly MeetingKind[] = Object.values(MeetingKind);

/**
 * Meeting status, a one-way life cycle: draft (dự thảo) → published (đã gửi tài liệu) →
 * in session (đang họp) → concluded (đã kết luận) → archived (lưu trữ).
 */
export const MeetingStatus = {
  Draft: "draft",
  Published: "published",
  InSession: "in_session",
  Concluded: "concluded",
  Archived: "archived",
} as const;
export type MeetingStatus = (typeof MeetingStatus)[keyof typeof MeetingStatus];
export const MEETING_STATUSES: readonly MeetingStatus[] = Object.values(MeetingStatus);

/** A participant's role in one meeting (chủ trì, thư ký, thành phần dự họp, khách mời). */
export const MeetingRole = {
  Chair: "chair",
  Secretary: "secretary",
  Participant: "participant",
  Observer: "observer",
} as const;
export type MeetingRole = (typeof MeetingRole)[keyof typeof MeetingRole];
export const MEETING_ROLES: readonly MeetingRole[] = Object.values(MeetingRole);

/** ISO 8601 UTC instant with milliseconds, e.g. "2026-12-01T01:30:00.000Z". */
export type UtcInstant = string;

/**
 * One invited participant. `memberId` links to the workspace directory once it exists (issue "Members,
 * devices and access"); until then a participant is a name and position only.
 */
export interface Participant {
  id: Imm<ParticipantId>;
  memberId: Imm | null;
  fullName: string;
  position: string;
  role: Imm<MeetingRole>;
  addedAt: Imm<UtcInstant>;
  /** Soft delete: the participant stays in history with their name. */
  removedAt: Imm<UtcInstant> | null;
}

/**
 * One agenda item (nội dung). Order is `orderKey`, a fractional-index key; ties (two peers inserting at
 * the same place concurrently) are broken by `id`, so every peer sorts the same way.
 */
export interface AgendaItem {
  id: Imm<AgendaItemId>;
  title: string;
  presenter: string;
  /** Planned duration in whole minutes (0 … 1440). */
  plannedMinutes: number;
  description: string;
  orderKey: Imm;
  createdAt: Imm<UtcInstant>;
  updatedAt: Imm<UtcInstant>;
  /** Soft delete. A delete racing an edit: the item stays deleted and keeps the edit (restorable). */
  deletedAt: Imm<UtcInstant> | null;
}

/** The draft conclusion: collaborative text, edited together (filled in by the conclusions issue). */
export interface ConclusionContainer {
  text: string;
  sections: Record<string, unknown>;
  status: Imm;
}

/**
 * The meeting document (one Automerge document per meeting), schema v1.
 *
 * Collaborative text (plain `string`): title, issuing body, location, descriptions, conclusion.
 * Everything else that is a string is an ImmutableString. Containers that later features fill
 * (papers, motions, discussion questions, opinions, conclusion) are created by migration step 1 when
 * the document is created, so no two peers ever create the same container concurrently.
 */
export interface MeetingDoc {
  schemaVersion: number;
  docType: Imm<"meeting">;
  id: Imm<MeetingId>;
  title: string;
  issuingBody: string;
  kind: Imm<MeetingKind>;
  startsAt: Imm<UtcInstant>;
  endsAt: Imm<UtcInstant>;
  /** IANA zone the meeting is held in, e.g. "Asia/Ho_Chi_Minh". Times are shown in it. */
  timeZone: Imm;
  location: string;
  /** Video meeting URL for remote participants, or null. */
  onlineLink: Imm | null;
  status: Imm<MeetingStatus>;
  participants: Record<string, Participant>;
  agenda: Record<string, AgendaItem>;
  /** Paper references (hash, name, size, pages, kind, versions), keyed by paper id: papers.ts. */
  papers: Record<string, Paper>;
  /** Motions — votes issue. */
  motions: Record<string, unknown>;
  /** Discussion questions — meeting run issue. */
  discussionQuestions: Record<string, unknown>;
  /** Retired: opinions live in the participation document (kept empty, never reused). */
  opinions: Record<string, unknown>;
  conclusion: ConclusionContainer;
  /**
   * automerge URL of this meeting's participation document (attendance, opinions, votes…). Set once
   * by the creator when both documents are made, or by the relay for a meeting created before the
   * split; absent until then. Never written by two peers.
   */
  participationUrl?: Imm;
  createdAt: Imm<UtcInstant>;
  updatedAt: Imm<UtcInstant>;
}
