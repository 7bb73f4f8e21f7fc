import type { MeetingView } from "../meeting/selectors.ts";
import { utcToZonedParts } from "../time.ts";
import {
  blocksOfText,
  capitalize,
  type DocumentHeaderInput,
  type PersonRef,
  unbreakable,
  withEndMark,
} from "./compose.ts";
import { decreeDate } from "./format.ts";
import {
  type AdministrativeDocument,
  type BodyBlock,
  heading,
  paragraph,
  type SignatureBlock,
} from "./model.ts";

/** One part of the conclusion, usually about one agenda item. */
export interface ConclusionSection {
  /** The agenda item's title, or null for text not under a heading. Numbered "1.", "2."… unless it already is. */
  readonly heading: string | null;
  /** The conclusion's text: one paragraph per line; "- …" and "+ …" lines are list entries. */
  readonly text: string;
}

/** Everything a conclusion notice (thông báo kết luận) is made of. */
export interface ConclusionNoticeInput extends DocumentHeaderInput {
  readonly meeting: Pick<MeetingView, "title" | "startsAt" | "timeZone" | "location">;
  /** Who chaired the meeting and concluded. */
  readonly chair: PersonRef;
  /** Who attended, as a phrase ("lãnh đạo các phòng, ban chuyên môn…"); no sentence when empty. */
  readonly attendees?: string;
  /** Summary (trích yếu); default "Kết luận của {position} {name} tại cuộc họp {title}". */
  readonly summary?: string;
  /** Opening paragraph; default: date, place, chair and meeting, then "… kết luận như sau:". */
  readonly introduction?: string;
  readonly sections: readonly ConclusionSection[];
  /** Last sentence; default "{issuing body} thông báo để các cơ quan, đơn vị liên quan biết, thực hiện." */
  readonly closing?: string;
  readonly signature: SignatureBlock;
  /** "Nơi nhận" entries, e.g. ["Như trên", "Chủ tịch, các PCT UBND quận", "Lưu: VT"]. */
  readonly recipients: readonly string[];
}

/**
 * The conclusion notice of a meeting as an administrative "thông báo" under Decree 30/2020/NĐ-CP:
 * header, "THÔNG BÁO" and its summary, body ending "./.", signature, recipients. Symbol "TB".
 */
export function conclusionNoticeDocument(input: ConclusionNoticeInput): AdministrativeDocument {
  const chair = `${input.chair.position.trim()} ${input.chair.fullName.trim()}`.trim();
  const { date } = utcToZonedParts(input.meeting.startsAt, input.meeting.timeZone);
  const where = input.meeting.location.trim() ? `, tại ${input.meeting.location.trim()}` : "";
  const body: BodyBlock[] = [];
  if (input.introduction?.trim()) body.push(...blocksOfText(input.introduction));
  else {
    body.push(
      paragraph(
        `${capitalize(decreeDate(date))}${where}, ${chair} chủ trì cuộc họp ${input.meeting.title.trim()}.`,
      ),
    );
    if (input.attendees?.trim()) body.push(paragraph(`Tham dự cuộc họp có ${input.attendees.trim()}.`));
    body.push(
      paragraph(`Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, ${chair} kết luận như sau:`),
    );
  }
  let n = 0;
  for (const section of input.sections) {
    const title = section.heading?.trim();
    if (title) {
      n++;
      body.push(heading(/^\d+[.)]/u.test(title) ? title : `${n}. ${title}`));
    }
    body.push(...blocksOfText(section.text));
  }
  body.push(
    paragraph(
      input.closing?.trim() ||
        `${input.issuer.name.trim()} thông báo để các cơ quan, đơn vị liên quan biết, thực hiện.`,
    ),
  );
  return {
    issuer: input.issuer,
    number: input.number,
    typeCode: "TB",
    place: input.place,
    date: input.date,
    typeName: "Thông báo",
    summary:
      input.summary?.trim() ||
      `Kết luận của ${input.chair.position.trim()} ${unbreakable(input.chair.fullName)} tại cuộc họp ${input.meeting.title.trim()}`,
    body: withEndMark(body),
    signatures: [input.signature],
    recipients: input.recipients,
  };
}
