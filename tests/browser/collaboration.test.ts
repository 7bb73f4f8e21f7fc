/**
 * (a) Two devices (two browser contexts, so two IndexedDBs and two relay connections) open the same
 * meeting and see each other's edits through the relay. Each signs in with its own invitation: the
 * chair (workspace admin) on A, the secretary on B — both may edit the meeting.
 */
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  assertPrerequisites,
  DEMO_PEOPLE,
  Device,
  expectText,
  launchBrowser,
  Relay,
  SYNC_TIMEOUT,
  visibleText,
} from "./harness.ts";

let relay: Relay | undefined;
let browser: Browser | undefined;
const devices: Device[] = [];

beforeAll(async () => {
  assertPrerequisites();
  // Both start together; whichever did start is kept for afterAll even if the other failed.
  const [r, b] = await Promise.allSettled([Relay.start({ demo: true }), launchBrowser()]);
  if (r.status === "fulfilled") relay = r.value;
  if (b.status === "fulfilled") browser = b.value;
  for (const result of [r, b]) if (result.status === "rejected") throw result.reason;
});

afterEach(async () => {
  for (const device of devices.splice(0)) await device.close();
});

afterAll(async () => {
  await browser?.close();
  await relay?.cleanup();
});

/** A new device signed in through the onboarding UI with a fresh invitation for `member`. */
async function device(name: string, member: string): Promise<Device> {
  if (!browser || !relay) throw new Error("beforeAll did not finish");
  const d = await Device.open(browser, name, relay.url);
  devices.push(d);
  await d.signIn(await relay.invite(member), `Máy tính bảng ${name}`);
  return d;
}

describe("two devices on one meeting", () => {
  it("see each other's agenda additions, title changes and keyboard reordering", async ({ onTestFailed }) => {
    onTestFailed(async () => {
      const parts = await Promise.all(devices.map((d) => d.describe()));
      console.error(parts.join("\n"), "\n--- relay\n", relay?.logTail());
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
