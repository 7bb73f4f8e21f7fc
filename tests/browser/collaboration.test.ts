import { describe, expect, it } from "vitest";
import { browserSuite, DEMO_PEOPLE, expectText, SYNC_TIMEOUT, visibleText } from "./harness.ts";

const suite = browserSuite();
const device = suite.device;

describe("two devices on one meeting", () => {
  it("see each other's agenda additions, title changes and keyboard reordering", async ({ onTestFailed }) => {
    onTestFailed(async () => {
      const parts = await Promise.all(suite.devices.map((d) => d.describe()));
      console.error(parts.join("\n"), "\n--- relay\n", suite.relay?.logTail());
    });
    const [tablet, laptop] = await Promise.all([
      device("A", DEMO_PEOPLE.chair),
      device("B", DEMO_PEOPLE.secretary),
    ]);

    // A opens one of the demo meetings from the list; B follows the same deep link.
    await tablet.list.waitForCards();
    const { page: onA, docId } = await tablet.list.open(tablet.list.firstMeetingLink);
    const originalTitle = await visibleText(onA.title);
    await laptop.goto(`/meetings/${docId}`);
    const onB = laptop.meeting;
    await expectText(onB.title, originalTitle, SYNC_TIMEOUT);
    const agenda = await onA.agendaTitles();
    expect(agenda.length).toBeGreaterThanOrEqual(2);
    await onB.expectAgenda(agenda);

    // A adds an agenda item: it appears at the end of B's agenda.
    const added = "Báo cáo kết quả thử nghiệm họp không giấy";
    await onA.addAgendaItem({ title: added, presenter: "Bà Trần Thị Mai", minutes: 20 });
    await onB.expectAgenda([...agenda, added]);

    // A renames the meeting: B's page follows.
    const renamed = `${originalTitle} (điều chỉnh)`;
    const form = await tablet.meeting.editDetails();
    await form.fill({ title: renamed });
    await form.submit();
    await expectText(onA.title, renamed);
    await expectText(onB.title, renamed, SYNC_TIMEOUT);

    // B moves the new item to the top with the keyboard only; A sees the new order.
    await onB.moveUpByKeyboard(added, agenda.length);
    const reordered = [added, ...agenda];
    await onB.expectAgenda(reordered);
    await expectText(onB.announcement, `Đã chuyển “${added}” tới vị trí 1 trên ${agenda.length + 1}.`);
    await onA.expectAgenda(reordered);

    // Both devices end up with nothing left to send.
    await tablet.sync.waitForSynced();
    await laptop.sync.waitForSynced();
    expect([...tablet.errors, ...laptop.errors].filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });
});
