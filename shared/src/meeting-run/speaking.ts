import { generateNKeysBetween } from "fractional-indexing";
import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { newId } from "../ids.ts";
import { byPosition, type Positioned, positionAt, untieAt } from "../meeting/ordering.ts";
import { type MeetingDoc, MeetingRole } from "../meeting/types.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { imm, str } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import {
  byInstantThenId,
  cmp,
  entryKey,
  liveOf,
  meetingContainers,
  memberIdSchema,
  parseInput,
  participantNames,
  participationContainers,
  readEntries,
} from "./entries.ts";
import { participantOfMember } from "./invitation.ts";
import { speakingLimits, speakingLimitsSchema } from "./live.ts";
import { agendaEvents, agendaTimeline } from "./live-agenda.ts";
import { RunRefusal, refuseInput, refuseNow } from "./refusals.ts";
import { floorEventEntrySchema, speakingRequestEntrySchema } from "./schemas.ts";
import { type SpeakingTimerState, type SpeakingTurn, speakingTimer } from "./speaking-timer.ts";
import { FloorEventKind, type SpeakingRequestId } from "./types.ts";

/** Where a speaking request stands. */
export const SpeakingRequestState = {
  Waiting: "waiting",
  Speaking: "speaking",
  Done: "done",
  Withdrawn: "withdrawn",
  Dismissed: "dismissed",
} as const;
export type SpeakingRequestState = (typeof SpeakingRequestState)[keyof typeof SpeakingRequestState];

/** A speaking request with its derived state and turn. */
export interface SpeakingRequestView {
  readonly id: string;
  readonly memberId: string;
  /** From the meeting's participants; "" when unknown. */
  readonly fullName: string;
  readonly agendaItemId: string;
  readonly note: string;
  readonly requestedAt: string;
  readonly state: SpeakingRequestState;
  /** The chair's queue position, or null while the chair has not placed it (queued by request time). */
  readonly orderKey: string | null;
  /** The latest turn, once granted. */
  readonly turn: SpeakingTurn | null;
}

/** The floor of one agenda item: who speaks, who waits in which order, who spoke. */
export interface FloorView {
  readonly agendaItemId: string;
  /** The one speaking (the latest grant), with the timer at `now`. */
  readonly speaker: (SpeakingRequestView & { readonly timer: SpeakingTimerState }) | null;
  /** Waiting requests in queue order. */
  readonly queue: readonly SpeakingRequestView[];
  /** Finished turns, in the order they were granted. */
  readonly spoken: readonly SpeakingRequestView[];
  /** Every request on the item (any state), by request time. */
  readonly all: readonly SpeakingRequestView[];
}

interface MutableRequest {
  id: string;
  memberId: string;
  agendaItemId: string;
  note: string;
  requestedAt: string;
  withdrawnAt: string | null;
  state: SpeakingRequestState;
  orderKey: string | null;
  turn: { grantedAt: string; endedAt: string | null; limitSeconds: number; warningSeconds: number } | null;
}

/**
 * The floor of an agenda item, derived from the members' requests (participation document) and the
 * chair's floor events (meeting document), replayed in order (instant, then id):
 * - order R: R's queue position is the event's key (the last order event wins);
 * - grant R: R speaks; whoever spoke before is done at that instant (one floor, so two grants pressed
 *   concurrently leave the later one speaking on every peer);
 * - end R: R's turn ends, if R is speaking; dismiss R: R leaves the queue, if waiting.
 * A request withdrawn by its member before any grant is withdrawn. Queue order: placed requests by key
 * (then id), then unplaced ones by request time (then id). A floor event whose request has not synced yet
 * still shows, from the member and item it carries.
 *
 * @param now clock reading, ms since the Unix epoch (for the speaker's timer)
 */
export function floorView(
  meeting: MeetingDoc,
  participation: ParticipationDoc,
  agendaItemId: string,
  now: number,
): FloorView {
  const requests = new Map<string, MutableRequest>();
  for (const r of readEntries(
    participationContainers(participation).speakingRequests,
    speakingRequestEntrySchema,
    (r) => entryKey(r.memberId, r.id),
  )) {
    if (r.agendaItemId !== agendaItemId) continue;
    requests.set(r.id, { ...r, state: SpeakingRequestState.Waiting, orderKey: null, turn: null });
  }
  const events = readEntries(meetingContainers(meeting).live?.floorEvents, floorEventEntrySchema, (e) => e.id)
    .filter((e) => e.agendaItemId === agendaItemId)
    .sort(byInstantThenId((e) => e.at));
  const grantOrder: string[] = [];
  let speaking = null as MutableRequest | null;
  for (const e of events) {
    let r = requests.get(e.requestId);
    if (!r) {
      r = {
        id: e.requestId,
        memberId: e.memberId,
        agendaItemId,
        note: "",
        requestedAt: e.at,
        withdrawnAt: null,
        state: SpeakingRequestState.Waiting,
        orderKey: null,
        turn: null,
      };
      requests.set(r.id, r);
    }
    switch (e.kind) {
      case FloorEventKind.Order:
        r.orderKey = e.orderKey;
        break;
      case FloorEventKind.Grant:
        if (speaking && speaking !== r) {
          speaking.state = SpeakingRequestState.Done;
          speaking.turn!.endedAt = e.at;
        }
        if (speaking === r) break; // a duplicate grant: the turn goes on
        r.state = SpeakingRequestState.Speaking;
        r.turn = {
          grantedAt: e.at,
          endedAt: null,
          limitSeconds: e.limitSeconds ?? 0,
          warningSeconds: e.warningSeconds ?? 0,
        };
        speaking = r;
        grantOrder.push(r.id);
        break;
      case FloorEventKind.End:
        if (speaking === r) {
          r.state = SpeakingRequestState.Done;
          r.turn!.endedAt = e.at;
          speaking = null;
        }
        break;
      case FloorEventKind.Dismiss:
        if (r.state === SpeakingRequestState.Waiting) r.state = SpeakingRequestState.Dismissed;
        break;
    }
  }
  const people = participantNames(meeting);
  const view = (r: MutableRequest): SpeakingRequestView => ({
    id: r.id,
    memberId: r.memberId,
    fullName: people.get(r.memberId)?.fullName ?? "",
    agendaItemId: r.agendaItemId,
    note: r.note,
    requestedAt: r.requestedAt,
    state:
      r.state === SpeakingRequestState.Waiting && r.withdrawnAt !== null
        ? SpeakingRequestState.Withdrawn
        : r.state,
    orderKey: r.orderKey,
    turn: r.turn ? { ...r.turn } : null,
  });
  const all = [...requests.values()].map(view).sort(byInstantThenId((r) => r.requestedAt));
  const queue = all.filter((r) => r.state === SpeakingRequestState.Waiting).sort(queueOrder);
  const spokenIds = [...new Set(grantOrder)];
  const spoken = spokenIds
    .map((id) => all.find((r) => r.id === id)!)
    .filter((r) => r.state === SpeakingRequestState.Done);
  const current = speaking ? view(speaking) : null;
  return {
    agendaItemId,
    speaker: current ? { ...current, timer: speakingTimer(current.turn!, now) } : null,
    queue,
    spoken,
    all,
  };
}

function queueOrder(a: SpeakingRequestView, b: SpeakingRequestView): number {
  if (a.orderKey !== null && b.orderKey !== null) {
    return byPosition({ id: a.id, orderKey: a.orderKey }, { id: b.id, orderKey: b.orderKey });
  }
  if (a.orderKey !== null) return -1;
  if (b.orderKey !== null) return 1;
  return Date.parse(a.requestedAt) - Date.parse(b.requestedAt) || cmp(a.id, b.id);
}

/**
 * A member asks for the floor on the chair's current item (đăng ký phát biểu). Returns the request id.
 *
 * @param meeting the meeting document (read only): gives the current item; the member must be a
 *   participant other than an observer
 * @throws DomainError(invalid_transition) with reason no_current_item, or already_requested while the
 *   member's earlier request on the item waits or speaks; DomainError(invalid_input), reason not_invited
 */
export function requestToSpeak(
  doc: ParticipationDoc,
  meeting: MeetingDoc,
  memberId: string,
  request: { note?: string },
  now: number,
): SpeakingRequestId {
  const member = parseInput(memberIdSchema, memberId);
  const { note } = parseInput(z.object({ note: z.string().trim().max(500).optional() }), request);
  const participant = participantOfMember(meeting, member);
  if (participant.role === MeetingRole.Observer) {
    throw refuseInput(RunRefusal.NotInvited, `member ${member} is an observer and may not request the floor`);
  }
  const current = agendaTimeline(agendaEvents(meeting), now).currentItemId;
  if (current === null) throw refuseNow(RunRefusal.NoCurrentItem, "the chair has no current agenda item");
  const open = floorView(meeting, doc, current, now).all.some(
    (r) =>
      r.memberId === member &&
      (r.state === SpeakingRequestState.Waiting || r.state === SpeakingRequestState.Speaking),
  );
  if (open) throw refuseNow(RunRefusal.AlreadyRequested, "a request on this item is already open");
  const id = newId<SpeakingRequestId>();
  participationContainers(doc).speakingRequests[entryKey(member, id)] = {
    id: imm(id),
    memberId: imm(member),
    agendaItemId: imm(current),
    note: note ?? "",
    requestedAt: imm(instant(now)),
    withdrawnAt: null,
  };
  return id;
}

/**
 * The member withdraws their own request (no effect on a turn already granted).
 * @throws DomainError(not_found); DomainError(invalid_input), reason not_owner for another's request
 */
export function withdrawSpeakingRequest(
  doc: ParticipationDoc,
  memberId: string,
  requestId: SpeakingRequestId,
  now: number,
): void {
  const entry = participationContainers(doc).speakingRequests[entryKey(memberId, requestId)];
  if (!entry || str(entry.memberId) !== memberId) {
    const other = Object.values(participationContainers(doc).speakingRequests).some(
      (r) => str(r.id) === requestId,
    );
    if (other) throw refuseInput(RunRefusal.NotOwner, `speaking request ${requestId} is another member's`);
    throw new DomainError(ReasonCode.NotFound, `speaking request ${requestId}`);
  }
  if (entry.withdrawnAt === null) entry.withdrawnAt = imm(instant(now));
}

/** The request `requestId` on the floor of its item, or not_found. */
function requestOnFloor(
  meeting: MeetingDoc,
  participation: ParticipationDoc,
  requestId: string,
  now: number,
): { floor: FloorView; request: SpeakingRequestView } {
  const entry = readEntries(
    participationContainers(participation).speakingRequests,
    speakingRequestEntrySchema,
    (r) => entryKey(r.memberId, r.id),
  ).find((r) => r.id === requestId);
  if (!entry) throw new DomainError(ReasonCode.NotFound, `speaking request ${requestId}`);
  const floor = floorView(meeting, participation, entry.agendaItemId, now);
  return { floor, request: floor.all.find((r) => r.id === requestId)! };
}

function recordFloorEvent(
  doc: MeetingDoc,
  kind: FloorEventKind,
  request: SpeakingRequestView,
  now: number,
  extra: { orderKey?: string; limitSeconds?: number; warningSeconds?: number } = {},
): void {
  const id = newId();
  liveOf(doc).floorEvents[id] = {
    id: imm(id),
    kind: imm(kind),
    requestId: imm(request.id),
    memberId: imm(request.memberId),
    agendaItemId: imm(request.agendaItemId),
    orderKey: extra.orderKey === undefined ? null : imm(extra.orderKey),
    limitSeconds: extra.limitSeconds ?? null,
    warningSeconds: extra.warningSeconds ?? null,
    at: imm(instant(now)),
  };
}

function requireWaiting(request: SpeakingRequestView): void {
  if (request.state !== SpeakingRequestState.Waiting) {
    throw refuseNow(RunRefusal.NotWaiting, `speaking request ${request.id} is ${request.state}`, {
      state: request.state,
    });
  }
}

/**
 * The chair moves a waiting request to `toIndex` in the queue (0 = next). Requests the chair has not
 * placed yet are first given keys in their shown order, so the move lands exactly where the chair
 * dropped it; afterwards only the moved request's key changes. Concurrent moves by the chair and a
 * secretary each write their own events and every peer derives the same order (the later order event
 * of a request wins), never duplicating a request.
 *
 * @param participation the participation document (read only)
 * @throws DomainError(not_found); DomainError(invalid_transition), reason not_waiting; RangeError for an
 *   index outside 0…queue length − 1
 */
export function orderSpeakingRequest(
  doc: MeetingDoc,
  participation: ParticipationDoc,
  requestId: SpeakingRequestId,
  toIndex: number,
  now: number,
): void {
  const { floor, request } = requestOnFloor(doc, participation, requestId, now);
  requireWaiting(request);
  const others = floor.queue.filter((r) => r.id !== requestId);
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex > others.length) {
    throw new RangeError(`index ${toIndex} outside 0…${others.length}`);
  }
  const placed = others.filter((r) => r.orderKey !== null);
  const unplaced = others.filter((r) => r.orderKey === null);
  const last = placed.length > 0 ? placed[placed.length - 1]!.orderKey : null;
  const fresh = generateNKeysBetween(last, null, unplaced.length);
  let keyed: Positioned[] = [
    ...placed.map((r) => ({ id: r.id, orderKey: r.orderKey! })),
    ...unplaced.map((r, i) => ({ id: r.id, orderKey: fresh[i]! })),
  ];
  const writes = new Map<string, string>(unplaced.map((r, i) => [r.id, fresh[i]!]));
  const untied = untieAt(keyed, toIndex);
  for (const { id, orderKey } of untied) writes.set(id, orderKey);
  if (untied.length > 0) {
    keyed = keyed.map((p) => ({ id: p.id, orderKey: writes.get(p.id) ?? p.orderKey })).sort(byPosition);
  }
  for (const [id, orderKey] of writes) {
    recordFloorEvent(doc, FloorEventKind.Order, others.find((r) => r.id === id)!, now, { orderKey });
  }
  recordFloorEvent(doc, FloorEventKind.Order, request, now, { orderKey: positionAt(keyed, toIndex) });
}

/**
 * The chair gives the floor to a waiting request; whoever was speaking is done at this instant. The
 * limit and warning default to the meeting's (`speakingLimits`).
 * @throws DomainError(not_found | invalid_input); DomainError(invalid_transition), reason not_waiting
 */
export function grantFloor(
  doc: MeetingDoc,
  participation: ParticipationDoc,
  requestId: SpeakingRequestId,
  now: number,
  limits: { limitSeconds?: number; warningSeconds?: number } = {},
): void {
  const defaults = speakingLimits(doc);
  const l = parseInput(speakingLimitsSchema, {
    limitSeconds: limits.limitSeconds ?? defaults.limitSeconds,
    warningSeconds: limits.warningSeconds ?? defaults.warningSeconds,
  });
  const { request } = requestOnFloor(doc, participation, requestId, now);
  requireWaiting(request);
  recordFloorEvent(doc, FloorEventKind.Grant, request, now, l);
}

/**
 * The chair ends the speaker's turn.
 * @throws DomainError(not_found); DomainError(invalid_transition), reason not_speaking
 */
export function endSpeakingTurn(
  doc: MeetingDoc,
  participation: ParticipationDoc,
  requestId: SpeakingRequestId,
  now: number,
): void {
  const { request } = requestOnFloor(doc, participation, requestId, now);
  if (request.state !== SpeakingRequestState.Speaking) {
    throw refuseNow(RunRefusal.NotSpeaking, `speaking request ${requestId} is ${request.state}`);
  }
  recordFloorEvent(doc, FloorEventKind.End, request, now);
}

/**
 * The chair drops a waiting request from the queue (e.g. time is up for the item).
 * @throws DomainError(not_found); DomainError(invalid_transition), reason not_waiting
 */
export function dismissSpeakingRequest(
  doc: MeetingDoc,
  participation: ParticipationDoc,
  requestId: SpeakingRequestId,
  now: number,
): void {
  const { request } = requestOnFloor(doc, participation, requestId, now);
  requireWaiting(request);
  recordFloorEvent(doc, FloorEventKind.Dismiss, request, now);
}
