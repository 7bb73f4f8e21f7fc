import { describe, expect, it } from "vitest";
import {
  changedDetails,
  emptyMeetingForm,
  formValuesFromView,
  isWebUrl,
  type MeetingFormValues,
  parseDisplayDate,
  parseTime,
  validateMeetingForm,
} from "./meetingForm.ts";

const zone = "Asia/Ho_Chi_Minh";

function filled(patch: Partial<MeetingFormValues> = {}): MeetingFormValues {
  return {
    ...emptyMeetingForm("UBND quận Ba Đình"),
    title: "Họp giao ban",
    date: "05/12/2026",
    startTime: "08:00",
    endTime: "11:30",
    ...patch,
  };
}

describe("meeting form values", () => {
  it("parses dd/MM/yyyy dates, rejecting impossible ones", () => {
    expect(parseDisplayDate("05/12/2026")).toBe("2026-12-05");
    expect(parseDisplayDate("5/1/2026")).toBe("2026-01-05");
    expect(parseDisplayDate("29/02/2028")).toBe("2028-02-29");
    expect(parseDisplayDate("29/02/2026")).toBeNull();
    expect(parseDisplayDate("2026-12-05")).toBeNull();
    expect(parseDisplayDate("12/31/2026")).toBeNull();
  });

  it("parses 24-hour times", () => {
    expect(parseTime("08:00")).toBe("08:00");
    expect(parseTime("9:05")).toBe("09:05");
    expect(parseTime("14h30")).toBe("14:30");
    expect(parseTime("24:00")).toBeNull();
    expect(parseTime("2:30 PM")).toBeNull();
  });

  it("accepts only absolute http(s) links", () => {
    expect(isWebUrl("https://meet.example.vn/abc")).toBe(true);
    expect(isWebUrl("meet.example.vn")).toBe(false);
    expect(isWebUrl("javascript:alert(1)")).toBe(false);
  });

  it("builds UTC instants from Vietnam wall-clock times", () => {
    const result = validateMeetingForm(filled({ onlineLink: " https://meet.example.vn/x " }), zone);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.startsAt).toBe("2026-12-05T01:00:00.000Z");
    expect(result.input.endsAt).toBe("2026-12-05T04:30:00.000Z");
    expect(result.input.onlineLink).toBe("https://meet.example.vn/x");
    expect(result.input.issuingBody).toBe("UBND quận Ba Đình");
  });

  it("reports every invalid field with its message key", () => {
    const result = validateMeetingForm(
      filled({ title: " ", date: "31/02/2026", startTime: "8", onlineLink: "zoom" }),
      zone,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        title: "form.titleRequired",
        date: "form.dateNotReal",
        startTime: "form.timeInvalid",
        onlineLink: "form.linkInvalid",
      },
    });
  });

  it("tells a date in the wrong shape from a day that does not exist", () => {
    const shape = validateMeetingForm(filled({ date: "2026-12-05" }), zone);
    expect(shape.ok ? undefined : shape.errors.date).toBe("form.dateInvalid");
    const missingDay = validateMeetingForm(filled({ date: "29/02/2027" }), zone);
    expect(missingDay.ok ? undefined : missingDay.errors.date).toBe("form.dateNotReal");
  });

  it("refuses an end before the start, unless a later end date is given", () => {
    const sameDay = validateMeetingForm(filled({ startTime: "14:00", endTime: "09:00" }), zone);
    expect(sameDay.ok ? undefined : sameDay.errors.endTime).toBe("form.endBeforeStart");
    const twoDays = validateMeetingForm(
      filled({ startTime: "14:00", endTime: "09:00", endDate: "06/12/2026" }),
      zone,
    );
    expect(twoDays.ok).toBe(true);
  });

  it("ignores rows with nothing chosen and requires a name wherever a guest was chosen", () => {
    const result = validateMeetingForm(
      filled({
        participants: [
          { key: 1, memberId: "guest", fullName: "", position: "", role: "chair" },
          { key: 2, memberId: "guest", fullName: "", position: "Phó Chủ tịch", role: "participant" },
          { key: 3, memberId: "guest", fullName: " Trần Thị B ", position: "", role: "secretary" },
          { key: 4, memberId: "", fullName: "", position: "", role: "participant" },
        ],
      }),
      zone,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        "participants.1.fullName": "form.participantNameRequired",
        "participants.2.fullName": "form.participantNameRequired",
      },
    });
  });

  it("keeps directory members with their member id and guests without one", () => {
    const result = validateMeetingForm(
      filled({
        participants: [
          { key: 1, memberId: "m-1", fullName: "Nguyễn Văn An", position: "Chủ tịch", role: "chair" },
          { key: 2, memberId: "guest", fullName: "Lê Văn Khách", position: "", role: "observer" },
        ],
      }),
      zone,
    );
    expect(result.ok && result.participants).toEqual([
      { fullName: "Nguyễn Văn An", position: "Chủ tịch", role: "chair", memberId: "m-1" },
      { fullName: "Lê Văn Khách", position: "", role: "observer", memberId: null },
    ]);
  });

  it("round-trips an existing meeting and patches only what changed", () => {
    const view = {
      id: "m",
      title: "Họp giao ban",
      issuingBody: "UBND",
      kind: "regular" as const,
      startsAt: "2026-12-05T01:00:00.000Z",
      endsAt: "2026-12-05T04:30:00.000Z",
      timeZone: zone,
      location: "Phòng 1",
      onlineLink: null,
      status: "draft" as const,
      participants: [],
      agenda: [],
      deletedAgenda: [],
      plannedMinutesTotal: 0,
      createdAt: "2026-11-01T00:00:00.000Z",
      updatedAt: "2026-11-01T00:00:00.000Z",
    };
    const values = formValuesFromView(view);
    expect(values).toMatchObject({ date: "05/12/2026", endDate: "", startTime: "08:00", endTime: "11:30" });
    const result = validateMeetingForm({ ...values, location: "Phòng 2" }, zone);
    expect(result.ok && changedDetails(view, result.input)).toEqual({ location: "Phòng 2" });
  });
});
