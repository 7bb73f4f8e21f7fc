import { Repo } from "@automerge/automerge-repo";
import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatTime,
  type MeetingDoc,
  MeetingStatus,
  meetingView,
  validateMeeting,
  validateWorkspace,
  type WorkspaceDoc,
  workspaceMeetingUrls,
} from "../../shared/src/index.ts";
import { DEMO_WORKSPACE_NAME, demoMeetings, seedDemo } from "./demo.ts";

// Sunday 29 November 2026, 16:17 in Hồ Chí Minh City.
const NOW = Date.UTC(2026, 10, 29, 9, 17);

describe("demo data", () => {
  it("puts the regular meeting on a weekday a week ahead, the previous one a month before", () => {
    const [previous, regular, thematic] = demoMeetings(NOW);
    expect(regular!.details.title).toBe("Phiên họp UBND phường thường kỳ tháng 12/2026");
    expect(formatDate(regular!.details.startsAt)).toBe("07/12/2026");
    expect(formatTime(regular!.details.startsAt)).toBe("08:00");
    expect(previous!.details.title).toBe("Phiên họp UBND phường thường kỳ tháng 11/2026");
    expect(formatDate(previous!.details.startsAt)).toBe("06/11/2026");
    expect(formatDate(thematic!.details.startsAt)).toBe("21/12/2026");
    // Month ends and weekends: never two regular meetings in the same month.
    for (let day = 0; day < 400; day += 1) {
      const [p, r] = demoMeetings(NOW + day * 86_400_000);
      expect(p!.details.title).not.toBe(r!.details.title);
      for (const m of [p!, r!]) expect([0, 6]).not.toContain(new Date(m.details.startsAt).getUTCDay());
    }
  });

  it("seeds a valid workspace with three valid meetings through shared/'s change functions", async () => {
    const repo = new Repo();
    const { workspaceUrl, meetingUrls } = seedDemo(repo, NOW);
    const workspace = (await repo.find<WorkspaceDoc>(workspaceUrl)).doc();
    expect(validateWorkspace(workspace)).toEqual({ ok: true });
    expect(workspace.name).toBe(DEMO_WORKSPACE_NAME);
    expect(workspaceMeetingUrls(workspace).map((e) => e.url)).toEqual(meetingUrls);
    const views = await Promise.all(
      meetingUrls.map(async (url) => {
        const doc = (await repo.find<MeetingDoc>(url)).doc();
        expect(validateMeeting(doc)).toEqual({ ok: true });
        return meetingView(doc);
      }),
    );
    expect(views.map((v) => v.status)).toEqual([
      MeetingStatus.Concluded,
      MeetingStatus.Published,
      MeetingStatus.Draft,
    ]);
    const regular = views[1]!;
    expect(regular.agenda).toHaveLength(6);
    expect(regular.agenda.reduce((sum, i) => sum + i.plannedMinutes, 0)).toBe(130);
    expect(regular.participants).toHaveLength(11);
    expect(regular.participants.filter((p) => p.role === "chair").map((p) => p.fullName)).toEqual([
      "Nguyễn Văn Hùng",
    ]);
    await repo.shutdown();
  });
});
