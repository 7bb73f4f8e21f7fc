/**
 * Issue 6 in the browser: running a meeting with three devices — the chair (Nguyễn Văn Hùng), the
 * secretary (Hoàng Thị Thanh Hương) and a member (Trần Thị Mai) — on the demo's upcoming regular
 * meeting, through one relay (a room LAN).
 *
 * (i)  The member checks in on her tablet: the quorum indicator changes on all three screens; the
 *      secretary marks someone absent with a reason, and the member's screen shows it.
 * (ii) The chair starts an agenda item: the member's screen follows it (and stops following when she
 *      unticks "follow"); the room display shows it.
 * (iii) The member asks for the floor; the chair gives it with a short limit; the member's timer runs,
 *      warns before the limit and then shows it is over (visual state and the alert text).
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { demoMeetings } from "../../sync-server/src/demo.ts";
import { browserSuite, DEMO_PEOPLE, type Device, expectText, SYNC_TIMEOUT, visibleText } from "./harness.ts";

let regular: { title: string; agenda: string[]; base: number };
/** When the demo was seeded (just before the relay starts): its meetings' dates follow from it. */
let seededAround = 0;
beforeAll(() => {
  seededAround = Date.now();
});
const suite = browserSuite();
const device = suite.device;
beforeAll(() => {
  const meeting = demoMeetings(seededAround)[1]!;
  regular = {
    title: meeting.details.title,
    agenda: meeting.agenda.map((a) => a.title),
    // The quorum base: the chair and the participants (not the secretary, not observers).
    base: meeting.participants.filter((p) => p.role === "chair" || p.role === "participant").length,
  };
});

/** The run tab of a meeting, found the way a user finds things. */
class RunPage {
  constructor(readonly page: Page) {}
  get quorum() {
    return this.page.getByTestId("quorum");
  }
  get viewingItem() {
    return this.page.getByTestId("viewing-item");
  }
  get timer() {
    return this.page.getByTestId("speaking-timer");
  }
  get alert() {
    return this.page.getByTestId("speaking-alert");
  }
  button(name: string) {
    return this.page.getByRole("button", { name, exact: true });
  }
  attendanceOf(fullName: string) {
    return this.page.locator(`tr[data-participant="${fullName}"]`);
  }
}

async function openRun(d: Device, docId: string): Promise<RunPage> {
  await d.goto(`/meetings/${docId}/run`);
  const run = new RunPage(d.page);
  await d.page.getByRole("heading", { level: 1, name: "Điều hành cuộc họp" }).waitFor();
  await run.quorum.waitFor({ timeout: SYNC_TIMEOUT });
  return run;
}

describe("running a meeting on three devices", () => {
  it("check-in moves the quorum everywhere, the chair's current item is followed, a turn is granted and timed", async ({
    onTestFailed,
  }) => {
    onTestFailed(async () => {
      const parts = await Promise.all(suite.devices.map((d) => d.describe()));
      console.error(parts.join("\n"), "\n--- relay\n", suite.relay?.logTail());
    });
    const [chairDevice, secretaryDevice, memberDevice] = await Promise.all([
      device("Chủ trì", DEMO_PEOPLE.chair),
      device("Thư ký", DEMO_PEOPLE.secretary),
      device("Thành viên", DEMO_PEOPLE.vice1),
    ]);
    await chairDevice.list.waitForCards();
    const { docId } = await chairDevice.list.open(chairDevice.list.meetingLink(regular.title));
    const [chair, secretary, member] = await Promise.all([
      openRun(chairDevice, docId),
      openRun(secretaryDevice, docId),
      openRun(memberDevice, docId),
    ]);

    // (i) Nobody has checked in: the quorum is not met (regular meeting: more than half of the chair
    // and the participants).
    for (const r of [chair, secretary, member])
      await expectText(r.quorum, new RegExp(`Chưa đủ số lượng: 0/${regular.base} `), SYNC_TIMEOUT);
    await member.button("Tôi có mặt").click();
    for (const r of [chair, secretary, member])
      await expectText(r.quorum, new RegExp(`: 1/${regular.base} thành viên dự họp`), SYNC_TIMEOUT);
    await expectText(chair.attendanceOf("Trần Thị Mai"), /Có mặt/, SYNC_TIMEOUT);
    // The secretary marks a participant absent with a reason; everyone sees it.
    const row = secretary.attendanceOf(DEMO_PEOPLE.urban);
    await row.getByRole("combobox").selectOption({ label: "Vắng có lý do" });
    await row.getByRole("textbox", { name: "Lý do" }).fill("Đi công tác");
    await row.getByRole("button", { name: `Ghi điểm danh cho ${DEMO_PEOPLE.urban}` }).click();
    await expectText(member.attendanceOf(DEMO_PEOPLE.urban), /Vắng có lý do.*Đi công tác/, SYNC_TIMEOUT);

    // (ii) The chair starts the second item: the member's screen follows, the room display shows it.
    const second = regular.agenda[1]!;
    await chair.button(`Bắt đầu nội dung: ${second}`).click();
    await expectText(member.viewingItem, second, SYNC_TIMEOUT);
    await expectText(secretary.viewingItem, second, SYNC_TIMEOUT);
    // The member stops following and looks at the first item; the chair moves on; her screen stays.
    await member.page.getByRole("checkbox", { name: "Theo dõi nội dung chủ trì đang điều hành" }).uncheck();
    await member.button(`Xem nội dung: ${regular.agenda[0]!}`).click();
    await expectText(member.viewingItem, regular.agenda[0]!);
    const third = regular.agenda[2]!;
    await chair.button(`Bắt đầu nội dung: ${third}`).click();
    await expectText(secretary.viewingItem, third, SYNC_TIMEOUT);
    await expectText(
      member.page.getByTestId("current-item-announcement"),
      `Chủ trì chuyển sang nội dung: ${third}`,
    );
    expect(await visibleText(member.viewingItem)).toBe(regular.agenda[0]!);
    const room = await secretaryDevice.context.newPage();
    await room.goto(new URL(`/meetings/${docId}/room`, secretaryDevice.baseUrl).href);
    await expectText(room.getByTestId("room-item"), third, SYNC_TIMEOUT);
    expect(await room.getByRole("navigation").count()).toBe(0);

    // (iii) A short speaking limit so the warning shows within the test: 4 s, warned 2 s before.
    await chair.page.getByRole("spinbutton", { name: "Giới hạn (giây, 0 = không giới hạn)" }).fill("4");
    await chair.page.getByRole("spinbutton", { name: "Báo trước khi hết giờ (giây)" }).fill("2");
    await chair.button("Lưu thời gian").click();
    await member.page
      .getByRole("textbox", { name: "Nội dung muốn phát biểu (không bắt buộc)" })
      .fill("Về tiến độ");
    await member.button("Đăng ký phát biểu").click();
    await expectText(
      member.page.getByRole("status").filter({ hasText: "Bạn đã đăng ký phát biểu" }),
      /thứ tự 1/,
    );
    await expectText(chair.page.getByTestId("speaking-queue"), /Trần Thị Mai/, SYNC_TIMEOUT);
    await expectText(room.getByTestId("room-queue"), /Trần Thị Mai/, SYNC_TIMEOUT);
    await chair.button("Mời Trần Thị Mai phát biểu").click();
    await expectText(
      member.page.getByText("Bạn đang phát biểu.", { exact: true }),
      "Bạn đang phát biểu.",
      SYNC_TIMEOUT,
    );
    await expectText(room.getByTestId("room-speaker"), "Trần Thị Mai", SYNC_TIMEOUT);
    await expect
      .poll(() => member.timer.getAttribute("data-state"), { timeout: SYNC_TIMEOUT })
      .toBe("warning");
    await expectText(member.alert, /Sắp hết giờ: Trần Thị Mai/);
    await expect.poll(() => member.timer.getAttribute("data-state"), { timeout: SYNC_TIMEOUT }).toBe("over");
    await expectText(member.alert, "Đã hết thời gian phát biểu của Trần Thị Mai.");
    await expect.poll(() => room.getByTestId("speaking-timer").getAttribute("data-state")).toBe("over");
    await chair.button("Kết thúc lượt").click();
    await expectText(member.page.getByText("Chưa có ai phát biểu."), "Chưa có ai phát biểu.", SYNC_TIMEOUT);
    await room.close();

    for (const d of [chairDevice, secretaryDevice, memberDevice]) await d.sync.waitForSynced();
    expect(suite.devices.flatMap((d) => d.errors).filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });

  it("an invitation answered from the list reaches the secretary; opinions on a question are compiled", async ({
    onTestFailed,
  }) => {
    onTestFailed(async () => {
      const parts = await Promise.all(suite.devices.map((d) => d.describe()));
      console.error(parts.join("\n"), "\n--- relay\n", suite.relay?.logTail());
    });
    const [secretaryDevice, memberDevice] = await Promise.all([
      device("Thư ký", DEMO_PEOPLE.secretary),
      device("Thành viên", DEMO_PEOPLE.police),
    ]);
    // The member's invitations: the sent regular meeting, with its agenda; she names a deputy.
    const invitations = memberDevice.page.getByRole("region", { name: "Giấy mời họp" });
    const card = invitations.getByRole("article", { name: regular.title });
    await card.waitFor({ timeout: SYNC_TIMEOUT });
    await expectText(card.getByTestId("invitation-answer"), "Bạn chưa trả lời giấy mời này.");
    await card.getByRole("button", { name: "Cử người dự thay" }).click();
    await card.getByRole("textbox", { name: "Họ tên người dự thay" }).fill("Phạm Văn Hải");
    await card.getByRole("button", { name: "Gửi trả lời" }).click();
    await expectText(card.getByTestId("invitation-answer"), "Bạn đã cử Phạm Văn Hải dự thay.");
    const href = await card.getByRole("link", { name: regular.title }).getAttribute("href");
    const docId = href!.split("/").pop()!;

    // The secretary sees the answer in the roll call.
    await openRun(secretaryDevice, docId);
    const row = new RunPage(secretaryDevice.page).attendanceOf(DEMO_PEOPLE.police);
    await expectText(row.locator(".invitation-cell"), "Cử người dự thay — Phạm Văn Hải", SYNC_TIMEOUT);

    // The secretary sets a question on the first item; the member disagrees in writing; the compiled
    // view counts it under the question.
    const s = secretaryDevice.page;
    await secretaryDevice.goto(`/meetings/${docId}/opinions`);
    await s.getByRole("heading", { level: 1, name: "Ý kiến và vấn đề thảo luận" }).waitFor();
    const question = "Có nên tăng chỉ tiêu thu ngân sách quý IV?";
    await s.getByRole("textbox", { name: "Vấn đề xin ý kiến" }).fill(question);
    await s.getByRole("button", { name: "Thêm vấn đề xin ý kiến" }).click();
    await s.getByRole("combobox", { name: "Góp ý về" }).selectOption({ label: question });

    const m = memberDevice.page;
    await memberDevice.goto(`/meetings/${docId}/opinions`);
    await m.getByRole("combobox", { name: "Góp ý về" }).getByRole("option", { name: question }).waitFor({
      state: "attached",
      timeout: SYNC_TIMEOUT,
    });
    await m.getByRole("combobox", { name: "Góp ý về" }).selectOption({ label: question });
    await m.getByRole("radio", { name: "Không đồng ý" }).check();
    await m
      .getByRole("textbox", { name: "Nội dung ý kiến" })
      .fill("Chỉ tiêu hiện tại đã cao so với cùng kỳ.");
    await m.getByRole("button", { name: "Gửi ý kiến" }).click();
    await expectText(m.getByTestId("opinion-threads"), /Võ Minh Tuấn.*Không đồng ý.*Chỉ tiêu hiện tại/);
    await expectText(
      s.getByTestId("compiled-counts"),
      "Đồng ý 0 · Không đồng ý 1 · Ý kiến khác 0 · Tổng 1",
      SYNC_TIMEOUT,
    );
    // The secretary replies; the member sees the reply in the thread.
    await s.getByRole("button", { name: `Trả lời ý kiến của ${DEMO_PEOPLE.police}` }).click();
    await s.getByRole("textbox", { name: "Nội dung trả lời" }).fill("Văn phòng sẽ rà soát lại số liệu.");
    await s.getByRole("button", { name: "Gửi trả lời" }).click();
    await expectText(m.getByTestId("opinion-threads"), /Văn phòng sẽ rà soát lại số liệu/, SYNC_TIMEOUT);
    expect(suite.devices.flatMap((d) => d.errors).filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });
});
