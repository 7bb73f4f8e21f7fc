/**
 * Issue 3 in the browser: members, devices and access, with the relay as the boundary.
 *
 * (i)   An invitation, the onboarding UI, and then the member sees only the meetings they take part in
 *       — the relay never sends the others, even to a deep link — while the admin sees every meeting.
 * (ii)  Revoking a device with the admin command line ends its access while the app is open: it says
 *       why, erases its local meeting data (IndexedDB, session) and stays ended after a reload.
 * (iii) Once access has ended the app stops reconnecting: after the relay's 4403 close, no new
 *       WebSocket to /sync during several of the adapter's retry periods.
 *
 * Sockets are counted twice, independently: Chromium's network events (Playwright's `websocket` event,
 * across reloads) and a WebSocket wrapper installed in the page, which also records close codes.
 */
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RELAY_RETRY_MS } from "../../client/src/state/relay-connection.ts";
import { demoMeetings } from "../../sync-server/src/demo.ts";
import {
  assertPrerequisites,
  DEMO_PEOPLE,
  Device,
  type DeviceOptions,
  launchBrowser,
  Relay,
  SYNC_TIMEOUT,
  visibleText,
} from "./harness.ts";

let relay: Relay | undefined;
let browser: Browser | undefined;
const devices: Device[] = [];
/** The demo meetings' titles, as the relay seeded them. */
let titles: { previous: string; regular: string; thematic: string };

beforeAll(async () => {
  assertPrerequisites();
  const seededAround = Date.now();
  // Both start together; whichever did start is kept for afterAll even if the other failed.
  const [r, b] = await Promise.allSettled([Relay.start({ demo: true }), launchBrowser()]);
  if (r.status === "fulfilled") relay = r.value;
  if (b.status === "fulfilled") browser = b.value;
  for (const result of [r, b]) if (result.status === "rejected") throw result.reason;
  // sync-server/src/demo.ts: [previous (concluded), regular (published), thematic (draft)]; titles
  // depend on the date only (month and year), so the clock at start gives the same ones.
  const [previous, regular, thematic] = demoMeetings(seededAround).map((m) => m.details.title);
  if (!previous || !regular || !thematic) throw new Error("the demo no longer has three meetings");
  titles = { previous, regular, thematic };
});

afterEach(async () => {
  for (const device of devices.splice(0)) await device.close();
});

afterAll(async () => {
  await browser?.close();
  await relay?.cleanup();
});

function theRelay(): Relay {
  if (!relay) throw new Error("beforeAll did not finish");
  return relay;
}

/** A new device signed in through the onboarding UI with the invitation `link`. */
async function device(name: string, link: string, options: DeviceOptions = {}): Promise<Device> {
  if (!browser) throw new Error("beforeAll did not finish");
  const d = await Device.open(browser, name, theRelay().url, options);
  devices.push(d);
  await d.signIn(link, `Máy tính bảng ${name}`);
  return d;
}

/**
 * The app header as laid out now: how far the page scrolls sideways (px), which visible header parts
 * (brand, sync indicator, language switch, menu button, navigation) overlap each other, and which stick
 * out of the viewport.
 */
function headerLayout(
  page: Device["page"],
): Promise<{ overflow: number; overlaps: string[]; offscreen: string[] }> {
  return page.evaluate(() => {
    const parts = [".app-brand", ".app-header-sync", ".app-header-language", ".app-menu-button", ".app-nav"]
      .map((selector) => ({ selector, rect: document.querySelector(selector)?.getBoundingClientRect() }))
      .filter(
        (p): p is { selector: string; rect: DOMRect } => !!p.rect && p.rect.width > 0 && p.rect.height > 0,
      );
    const overlaps: string[] = [];
    for (const [i, a] of parts.entries())
      for (const b of parts.slice(i + 1)) {
        const x = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const y = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        if (x > 0.5 && y > 0.5) overlaps.push(`${a.selector} × ${b.selector}`);
      }
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      overlaps,
      offscreen: parts
        .filter((p) => p.rect.left < -0.5 || p.rect.right > window.innerWidth + 0.5)
        .map((p) => p.selector),
    };
  });
}

async function failureReport(): Promise<void> {
  const parts = await Promise.all(devices.map((d) => d.describe()));
  console.error(parts.join("\n"), "\n--- relay\n", relay?.logTail(25));
}

/** Polls until the list's tabs show exactly these meetings (after every card has finished loading). */
async function expectMeetings(d: Device, expected: { upcoming: string[]; past: string[] }): Promise<void> {
  await d.list.waitForCards();
  await expect.poll(() => d.list.titles(), { timeout: SYNC_TIMEOUT }).toEqual(expected.upcoming);
  await d.list.selectTab("Đã qua");
  await expect.poll(() => d.list.titles(), { timeout: SYNC_TIMEOUT }).toEqual(expected.past);
  await d.list.selectTab("Sắp tới");
}

const ENDED_REASON = {
  device_revoked:
    "Thiết bị đã bị thu hồi (bởi quản trị viên, hoặc bạn đã đăng xuất thiết bị này từ một thiết bị khác).",
  member_disabled: "Tài khoản của bạn đã bị vô hiệu hóa trong cơ quan.",
} as const;
const ERASED = "Dữ liệu cuộc họp và tài liệu đã lưu trên thiết bị này đã được xóa.";

/** Waits for the "access ended" screen with `reason` and the erase finished. */
async function expectAccessEnded(d: Device, reason: keyof typeof ENDED_REASON): Promise<void> {
  await d.ended.heading.waitFor({ timeout: SYNC_TIMEOUT });
  await expect
    .poll(() => visibleText(d.ended.card).catch(() => ""), { timeout: SYNC_TIMEOUT })
    .toContain(ENDED_REASON[reason]);
  await expect
    .poll(() => visibleText(d.ended.card).catch(() => ""), { timeout: SYNC_TIMEOUT })
    .toContain(ERASED);
}

describe("members, devices and access", () => {
  it("(i) an invited member sees only the meetings they take part in; the admin sees every meeting", async ({
    onTestFailed,
  }) => {
    onTestFailed(failureReport);
    // The admin signs in with the invitation the demo printed at start; a plain member, who takes part
    // in the upcoming regular meeting only, with one issued through the admin API.
    const demo = await theRelay().demoAdminInvitation();
    expect(demo.member).toBe(DEMO_PEOPLE.chair);
    const [admin, member] = await Promise.all([
      device("Admin", demo.link),
      theRelay()
        .invite(DEMO_PEOPLE.urban)
        .then((link) => device("Member", link)),
    ]);

    await expectMeetings(admin, { upcoming: [titles.regular, titles.thematic], past: [titles.previous] });
    await admin.sync.waitForSynced();
    await member.sync.waitForSynced();
    await expectMeetings(member, { upcoming: [titles.regular], past: [] });
    await expect(member.list.panel.getByText("Đang tải…", { exact: true }).count()).resolves.toBe(0);

    // Knowing a meeting's address gives nothing: the previous meeting, opened by its deep link.
    await admin.list.selectTab("Đã qua");
    const href = await admin.list.meetingLink(titles.previous).getAttribute("href");
    expect(href).toMatch(/^\/meetings\/[^/]+$/);
    await member.goto(href as string);
    await member.page
      .getByText("Cuộc họp chưa có trên thiết bị này", { exact: false })
      .waitFor({ timeout: SYNC_TIMEOUT });
    await expect(member.page.getByText(titles.previous).count()).resolves.toBe(0);
    // …nor does a paper's address: the viewer says the same, with no annotation tools or exports.
    await member.goto(`${href}/papers/any-paper`);
    await member.page
      .getByRole("heading", { level: 1, name: "Không mở được tài liệu" })
      .waitFor({ timeout: SYNC_TIMEOUT });
    await expect(visibleText(member.page.getByRole("main"))).resolves.toContain(
      "bạn không có quyền xem cuộc họp này",
    );
    await expect(member.page.getByRole("toolbar").count()).resolves.toBe(0);
    await expect(member.page.getByRole("button", { name: /^Tải / }).count()).resolves.toBe(0);
    // …while the member's own meeting opens.
    await member.goto("/");
    await expectMeetings(member, { upcoming: [titles.regular], past: [] });
    const { page: own } = await member.list.open(member.list.meetingLink(titles.regular));
    expect((await own.agendaTitles()).length).toBeGreaterThanOrEqual(2);

    // The header fits a portrait tablet and a phone: no sideways scroll, nothing overlapping; on the
    // phone the navigation and language switch fold behind "Danh mục" (Escape closes it).
    for (const viewport of [
      { width: 768, height: 1024 },
      { width: 390, height: 844 },
    ]) {
      await member.page.setViewportSize(viewport);
      await expect
        .poll(() => headerLayout(member.page))
        .toEqual({ overflow: 0, overlaps: [], offscreen: [] });
    }
    const menu = member.page.getByRole("button", { name: "Danh mục" });
    await expect(member.page.getByRole("button", { name: "English" }).isVisible()).resolves.toBe(false);
    await menu.click();
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("true");
    await member.page.getByRole("button", { name: "English" }).waitFor();
    await member.page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link").first().focus();
    await member.page.keyboard.press("Escape");
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("false");
    await expect(member.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Danh mục");
    await expect(headerLayout(member.page)).resolves.toEqual({ overflow: 0, overlaps: [], offscreen: [] });
    expect([...admin.errors, ...member.errors].filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });

  it("(ii) revoking the device with `npm run admin -- devices revoke` ends its access, says why and erases its meeting data", async ({
    onTestFailed,
  }) => {
    onTestFailed(failureReport);
    const d = await device("Revoked", await theRelay().invite(DEMO_PEOPLE.vice1), { traceSockets: true });
    await d.list.waitForCards();
    const { docId, page: meeting } = await d.list.open(d.list.firstMeetingLink);
    const title = await visibleText(meeting.title);
    await d.sync.waitForSynced();
    const before = await d.localData();
    expect(before.databases).toContain("hopso"); // the Automerge documents (client/src/state/repo.ts)
    expect(before.localStorageKeys).toContain("hopso.session");
    const registered = await theRelay().device(DEMO_PEOPLE.vice1, d.deviceName as string);
    expect(registered.revokedAt).toBeNull();
    const socketsBeforeRevoke = d.syncSockets().length;

    const revoked = await theRelay().cli("devices", "revoke", registered.id, "--json");
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.json).toMatchObject({ device: { id: registered.id, revokedAt: expect.any(String) } });

    // The relay closes the open socket with 4403 device_revoked; the app says why and erases.
    await expectAccessEnded(d, "device_revoked");
    await expect
      .poll(() => d.socketCloses())
      .toContainEqual({ url: expect.stringMatching(/\/sync$/), code: 4403, reason: "device_revoked" });
    const after = await d.localData();
    expect(after.databases).toEqual([]); // documents and the device key
    expect(after.localStorageKeys).not.toContain("hopso.session");
    for (const name of after.caches) expect(name).toMatch(/^workbox-precache/); // only the app shell

    // A reload of the meeting's deep link shows the same end; the meeting is gone and stays gone.
    await d.goto(`/meetings/${docId}`);
    await expectAccessEnded(d, "device_revoked");
    await expect(d.page.getByText(title).count()).resolves.toBe(0);
    expect((await d.localData()).databases).toEqual([]);
    expect(d.syncSockets().length).toBe(socketsBeforeRevoke);

    // "Đăng nhập lại" leads to the sign-in page, which repeats why.
    await d.ended.signInAgain.click();
    await d.join.heading.waitFor();
    await expect(visibleText(d.page.locator("main"))).resolves.toContain(
      `Lần trước: ${ENDED_REASON.device_revoked}`,
    );
    expect(d.errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });

  it("(iii) once access has ended (member disabled), the app stops reconnecting to the relay", async ({
    onTestFailed,
  }) => {
    onTestFailed(failureReport);
    const d = await device("Disabled", await theRelay().invite(DEMO_PEOPLE.police), { traceSockets: true });
    await d.list.waitForCards();
    await d.sync.waitForSynced();
    expect(d.syncSockets().length).toBeGreaterThanOrEqual(1); // the counter sees the app's sockets

    const { id } = await theRelay().member(DEMO_PEOPLE.police);
    await theRelay().admin("POST", `/members/${id}/disable`);
    await expectAccessEnded(d, "member_disabled");
    await expect
      .poll(() => d.socketCloses())
      .toContainEqual({ url: expect.stringMatching(/\/sync$/), code: 4403, reason: "member_disabled" });
    const attempts = d.syncSockets().length;
    const seenInPage = (await d.socketCloses()).length;

    // The stock adapter would reconnect every RELAY_RETRY_MS: watch three of those periods.
    await d.page.waitForTimeout(3 * RELAY_RETRY_MS + 1000);
    expect(d.syncSockets().length).toBe(attempts);
    expect((await d.socketCloses()).length).toBe(seenInPage);
    await expect(d.ended.heading.count()).resolves.toBe(1);
    expect((await d.localData()).databases).toEqual([]);
    expect(d.errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });
});
