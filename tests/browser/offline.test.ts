/**
 * (b) Offline: after one visit the app runs from its service worker and IndexedDB with the relay gone,
 *     and what was done offline reaches the other device when the relay is back.
 * (c) The sync indicator: offline, the count of changes not yet on the server, synced.
 *
 * "Offline" is made honestly: the relay process is stopped (SIGTERM), so every request and socket to it
 * fails. In (b) the device is also switched to Chromium's emulated offline mode (navigator.onLine false);
 * that alone would not do, since it leaves open WebSockets working.
 *
 * Each device first signs in through the onboarding UI with its own invitation: the chair (workspace
 * admin, who may create and edit meetings) on A, the workspace secretary (who reads every meeting) on B.
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
  vnDate,
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
  if (relay && !relay.running) await relay.restart(); // a failed test must not leave the next one offline
});

afterAll(async () => {
  await browser?.close();
  await relay?.cleanup();
});

function theRelay(): Relay {
  if (!relay) throw new Error("beforeAll did not finish");
  return relay;
}

/**
 * First visit of a new device: it signs in with a fresh invitation for `member`, the list loads, the
 * service worker takes over with a full precache, and all is synced.
 */
async function firstVisit(name: string, member: string): Promise<Device> {
  if (!browser) throw new Error("beforeAll did not finish");
  const d = await Device.open(browser, name, theRelay().url);
  devices.push(d);
  await d.signIn(await theRelay().invite(member), `Máy tính bảng ${name}`);
  await d.list.waitForCards();
  await d.waitForOfflineReady();
  await d.sync.waitForSynced();
  return d;
}

/** Both devices of a test: A (the chair) and B (the secretary), side by side. */
function twoDevices(): Promise<[Device, Device]> {
  return Promise.all([firstVisit("A", DEMO_PEOPLE.chair), firstVisit("B", DEMO_PEOPLE.secretary)]);
}

async function failureReport(): Promise<void> {
  const parts = await Promise.all(devices.map((d) => d.describe()));
  console.error(parts.join("\n"), "\n--- relay\n", relay?.logTail());
}

const PENDING = /(\d+) thay đổi chưa lên máy chủ/;

describe("offline", () => {
  it("(b) a deep link reloads from the service worker; a meeting made offline survives a reload and reaches the other device", async ({
    onTestFailed,
  }) => {
    onTestFailed(failureReport);
    const [a, b] = await twoDevices();
    const { docId, page: demoMeeting } = await a.list.open(a.list.firstMeetingLink);
    const demoTitle = await visibleText(demoMeeting.title);
    const demoAgenda = await demoMeeting.agendaTitles();

    // The relay goes away and A loses its network.
    await theRelay().stop();
    await a.context.setOffline(true);
    await a.sync.waitFor("offline", /^Trạng thái đồng bộ: Ngoại tuyến Thiết bị đang mất mạng/);

    // A deep link still opens, answered by the service worker, with the meeting from IndexedDB.
    const response = await a.goto(`/meetings/${docId}`);
    expect(response?.fromServiceWorker()).toBe(true);
    await expectText(a.meeting.title, demoTitle);
    await a.meeting.expectAgenda(demoAgenda);
    await a.sync.waitFor("offline", /Ngoại tuyến/);

    // A creates a meeting and edits it, still offline.
    const list = await a.meeting.backToList();
    const form = await list.startNewMeeting();
    const title = "Họp giao ban ngoại tuyến tháng này";
    await form.fill({
      title,
      date: vnDate(20),
      startTime: "08:00",
      endTime: "09:30",
      location: "Phòng họp tầng 3",
    });
    const created = await form.submit();
    await expectText(created.title, title);
    const newId = created.docId();
    await created.addAgendaItem({
      title: "Rà soát hồ sơ tồn đọng",
      presenter: "Ông Trần Văn Minh",
      minutes: 30,
    });
    await created.addAgendaItem({ title: "Phân công trực Tết", minutes: 15 });
    const edit = await created.editDetails();
    const renamed = "Họp giao ban ngoại tuyến (đã sửa)";
    await edit.fill({ title: renamed });
    await edit.submit();
    await expectText(created.title, renamed);
    await expectText(a.sync.status, PENDING);

    // An offline reload keeps it all: IndexedDB, not memory.
    const reloaded = await a.page.reload({ waitUntil: "load" });
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expectText(a.meeting.title, renamed);
    await a.meeting.expectAgenda(["Rà soát hồ sơ tồn đọng", "Phân công trực Tết"]);
    await expectText(a.sync.status, PENDING);

    // B, online all along, does not have it yet.
    await expect(b.list.meetingLink(renamed).count()).resolves.toBe(0);

    // The relay comes back on the same port with the same data; A gets its network back.
    await theRelay().restart();
    await a.context.setOffline(false);
    await a.sync.waitForSynced();

    // The meeting reaches B: in the list, and with its agenda when opened.
    await b.list.meetingLink(renamed).waitFor({ timeout: SYNC_TIMEOUT });
    const { page: onB, docId: idOnB } = await b.list.open(b.list.meetingLink(renamed));
    expect(idOnB).toBe(newId);
    await onB.expectAgenda(["Rà soát hồ sơ tồn đọng", "Phân công trực Tết"]);
    await b.sync.waitForSynced();
    expect([...a.errors, ...b.errors].filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });

  it("(c) the sync indicator shows offline, the pending count, and synced", async ({ onTestFailed }) => {
    onTestFailed(failureReport);
    const [a, b] = await twoDevices();
    await expect(a.sync.lastSynced.count()).resolves.toBe(1);
    const { docId, page: meeting } = await a.list.open(a.list.firstMeetingLink);
    const agenda = await meeting.agendaTitles();
    await b.goto(`/meetings/${docId}`);
    await b.meeting.expectAgenda(agenda);

    // Relay stopped (the browser itself is still online): offline, because the server is unreachable.
    await theRelay().stop();
    await a.sync.waitFor("offline", /^Trạng thái đồng bộ: Ngoại tuyến Không kết nối được máy chủ/);
    await expect(visibleText(a.sync.status)).resolves.not.toMatch(PENDING);

    // Each offline edit adds one change to the count.
    await meeting.addAgendaItem({ title: "Ý kiến của các phòng chuyên môn", minutes: 10 });
    await a.sync.waitFor("offline", /^Trạng thái đồng bộ: Ngoại tuyến · 1 thay đổi chưa lên máy chủ/);
    await meeting.addAgendaItem({ title: "Kết luận của Chủ tịch", minutes: 5 });
    await a.sync.waitFor("offline", /^Trạng thái đồng bộ: Ngoại tuyến · 2 thay đổi chưa lên máy chủ/);

    // The count survives a reload while the relay is still away.
    await a.page.reload({ waitUntil: "load" });
    await a.meeting.expectAgenda([...agenda, "Ý kiến của các phòng chuyên môn", "Kết luận của Chủ tịch"]);
    await a.sync.waitFor("offline", /^Trạng thái đồng bộ: Ngoại tuyến · 2 thay đổi chưa lên máy chủ/);

    // Relay back: A uploads, the indicator says synced with the last synced time, B gets the edits.
    await theRelay().restart();
    await a.sync.waitForSynced();
    await expect(visibleText(a.sync.status)).resolves.not.toMatch(PENDING);
    await a.sync.lastSynced.waitFor();
    await b.meeting.expectAgenda([...agenda, "Ý kiến của các phòng chuyên môn", "Kết luận của Chủ tịch"]);
    await b.sync.waitForSynced();
    expect([...a.errors, ...b.errors].filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });
});
