/**
 * Issue 4 (B): a member reads and searches every meeting paper with the relay stopped.
 *
 * The demo secretary attaches all fixtures of shared/fixtures/pdfs to the upcoming meeting (uploads
 * checked by the relay; papers-seed.ts) plus one small extra paper. A member's tablet signs in, takes
 * the files in the background, then the relay process is stopped and the device goes offline. With
 * nothing but its service worker and IndexedDB the member:
 *  1. opens every fixture that should open (page count, first page drawn, text layer with cMaps and
 *     standard fonts from our own origin), unlocks the two password-protected ones (a wrong password
 *     says so; Cancel returns at once), and sees "damaged" for a paper whose local copy is damaged
 *     while the others keep opening;
 *  2. finds each MANIFEST phrase through the search page, on the right file and page, learns that the
 *     scan has no searchable text, and opens a hit on its page with the phrase highlighted.
 * The tests share one device and run in order (search relies on the viewer test having unlocked the
 * protected files).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeManyPagePdf, readFixture } from "../../sync-server/src/blobs/test-fixtures.ts";
import {
  assertPrerequisites,
  DEMO_PEOPLE,
  Device,
  expectText,
  launchBrowser,
  Relay,
  SYNC_TIMEOUT,
  UI_TIMEOUT,
} from "./harness.ts";
import { type Seeded, seedPapers } from "./papers-seed.ts";

/** MANIFEST.md: page counts, and what the viewer must show. */
const OPENS: Record<string, { pages: number; password?: string; text?: string }> = {
  "comments.pdf": { pages: 14, text: "Trace-based Just-in-Time Type Specialization" },
  "pdkids.pdf": { pages: 55 },
  "rotation.pdf": { pages: 2, text: "This is my first page" },
  "issue5747.pdf": { pages: 1 },
  // Non-embedded CJK font: no text at all without the cMaps, which must come from our origin offline.
  "issue3521.pdf": { pages: 1, text: "我们都是黑体字" },
  "french_diacritics.pdf": { pages: 1 },
  "prefilled_f1040.pdf": { pages: 2 },
  "print_protection.pdf": { pages: 1, password: "1234", text: "Hello World" },
  "xref_command_missing.pdf": { pages: 1, text: "Reduced test-case" },
  "issue14497.pdf": { pages: 1 },
  "standard_fonts.pdf": { pages: 14, text: "TCPDF Example 055" },
  "vn-bxd-11410-cong-van-huong-dan.pdf": { pages: 3, text: "Kính gửi" },
  "vn-qcvn-32-2026-bxd-metro.pdf": { pages: 27 },
  "vn-luat-thu-do-2012.pdf": { pages: 12, text: "Thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam là Hà Nội" },
  "vn-luat-so-huu-tri-tue-2005.pdf": { pages: 94 },
  // The Vietnamese password typed as decomposed Unicode (Unikey "tổ hợp"): the viewer NFC-normalises it.
  "vn-luat-thu-do-2012-mat-khau.pdf": { pages: 12, password: "Ho\u0323p-2026" },
  "vn-scan-cong-van-11410.pdf": { pages: 3 },
};
/** Refused by the relay at upload (never reaches a member): corrupted beyond repair. */
const REFUSED = "bug1020226.pdf";
/** An extra paper whose copy on the member's device gets damaged (the bytes of bug1020226.pdf). */
const DAMAGED_LOCALLY = "bien-ban-bi-hong.pdf";

/** MANIFEST "Search check" phrases → file and first page. */
const PHRASES: ReadonlyArray<[phrase: string, file: string, page: number]> = [
  ["Trace-based Just-in-Time Type Specialization", "comments.pdf", 1],
  ["5.1 Optimizations", "comments.pdf", 8],
  ["The Buried Moon", "pdkids.pdf", 1],
  ["Sikes had a loaded pistol", "pdkids.pdf", 40],
  ["It will have a landscape layout", "rotation.pdf", 2],
  ["Lorem ipsum dolor sit amet", "issue5747.pdf", 1],
  ["takimata sanctus est", "issue5747.pdf", 1],
  ["黑体字", "issue3521.pdf", 1],
  ["ù Ù û Û ü Ü", "french_diacritics.pdf", 1],
  ["u U u U u U", "french_diacritics.pdf", 1],
  ["U.S. Individual Income Tax Return", "prefilled_f1040.pdf", 1],
  ["Hello World", "print_protection.pdf", 1],
  ["Reduced test-case", "xref_command_missing.pdf", 1],
  ["Parklands Phase 14B", "issue14497.pdf", 1],
  ["TCPDF Example 055", "standard_fonts.pdf", 1],
  ["FONT: zapfdingbats", "standard_fonts.pdf", 14],
  ["Ủy ban nhân dân các tỉnh", "vn-bxd-11410-cong-van-huong-dan.pdf", 1],
  ["uy ban nhan dan cac tinh", "vn-bxd-11410-cong-van-huong-dan.pdf", 1],
  ["Kính gửi", "vn-bxd-11410-cong-van-huong-dan.pdf", 1],
  ["QUY CHUẨN KỸ THUẬT QUỐC GIA", "vn-qcvn-32-2026-bxd-metro.pdf", 1],
  ["Thông tư số", "vn-qcvn-32-2026-bxd-metro.pdf", 2],
  ["Phạm vi điều chỉnh", "vn-qcvn-32-2026-bxd-metro.pdf", 3],
  ["Hệ thống giám sát tích hợp", "vn-qcvn-32-2026-bxd-metro.pdf", 26],
  ["Thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam là Hà Nội", "vn-luat-thu-do-2012.pdf", 1],
  ["Ủy ban nhân dân thành phố Hà Nội", "vn-luat-thu-do-2012.pdf", 3],
  ["Các đối tượng không thuộc phạm vi bảo hộ quyền tác giả", "vn-luat-so-huu-tri-tue-2005.pdf", 8],
  ["Uỷ ban nhân dân các cấp", "vn-luat-so-huu-tri-tue-2005.pdf", 6],
  ["Ủy ban nhân dân các cấp", "vn-luat-so-huu-tri-tue-2005.pdf", 84],
  ["thể hiện dưới một hình thức vật chất", "vn-luat-so-huu-tri-tue-2005.pdf", 4],
  // After unlocking in the viewer (test 1): same text as the unprotected law.
  ["Thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam là Hà Nội", "vn-luat-thu-do-2012-mat-khau.pdf", 1],
];

let relay: Relay | undefined;
let browser: Browser | undefined;
let member: Device | undefined;
let seeded: Seeded;

beforeAll(async () => {
  assertPrerequisites();
  const [r, b] = await Promise.allSettled([Relay.start({ demo: true }), launchBrowser()]);
  if (r.status === "fulfilled") relay = r.value;
  if (b.status === "fulfilled") browser = b.value;
  for (const result of [r, b]) if (result.status === "rejected") throw result.reason;
  const files = [
    ...[...Object.keys(OPENS), REFUSED].map((name) => ({ name, bytes: readFixture(name) })),
    { name: DAMAGED_LOCALLY, bytes: makeManyPagePdf(1) },
  ];
  seeded = await seedPapers(relay!, files);
}, 120_000);

afterAll(async () => {
  await member?.close();
  await browser?.close();
  await relay?.cleanup();
});

/** Files complete in the device's paper store (IndexedDB "hopso-papers", client/src/state/blobs.ts). */
function localPaperCount(device: Device): Promise<number> {
  return device.page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open("hopso-papers");
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("files")) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction("files").objectStore("files").count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
          count.onerror = () => resolve(0);
        };
      }),
  );
}

/** Status of a file's extracted text in the device's search store (client/src/state/paper-text.ts). */
function storedTextStatus(device: Device, hash: string): Promise<string | undefined> {
  return device.page.evaluate(
    (h) =>
      new Promise<string | undefined>((resolve) => {
        const open = indexedDB.open("hopso-paper-text");
        open.onerror = () => resolve(undefined);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("texts")) {
            db.close();
            resolve(undefined);
            return;
          }
          const get = db.transaction("texts").objectStore("texts").get(h);
          get.onsuccess = () => {
            resolve((get.result as { status?: string } | undefined)?.status);
            db.close();
          };
          get.onerror = () => resolve(undefined);
        };
      }),
    hash,
  );
}

/** Replaces the bytes of a stored file on the device (a damaged local copy). */
async function damageLocalCopy(device: Device, hash: string, bytes: Uint8Array): Promise<void> {
  await device.page.evaluate(
    ({ hash, data }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("hopso-papers");
        open.onsuccess = () => {
          const tx = open.result.transaction("files", "readwrite");
          const store = tx.objectStore("files");
          const get = store.get(hash);
          get.onsuccess = () => store.put({ ...get.result, blob: new Blob([new Uint8Array(data)]) });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { hash, data: [...bytes] },
  );
}

function paper(name: string) {
  const found = seeded.papers.find((p) => p.name === name);
  if (!found) throw new Error(`${name} was not attached (refused: ${JSON.stringify(seeded.refused)})`);
  return found;
}

/** The viewer page of one paper, as a member finds things: by role, label and visible text. */
class ViewerPage {
  constructor(private readonly device: Device) {}
  get page() {
    return this.device.page;
  }
  async open(name: string, query = ""): Promise<void> {
    await this.device.goto(`/meetings/${seeded.meetingId}/papers/${paper(name).paperId}${query}`);
    await this.page.getByRole("heading", { level: 1, name, exact: true }).waitFor();
  }
  get viewer() {
    return this.page.getByRole("region", { name: /^Trình xem tài liệu: / });
  }
  get pageCount() {
    return this.viewer.locator(".pdf-page-count");
  }
  get pageNumber() {
    return this.viewer.getByRole("textbox", { name: "Trang", exact: true });
  }
  get password() {
    return this.page.getByRole("textbox", { name: "Mật khẩu", exact: true });
  }
  /** Canvases drawn on the page (not zero-sized). */
  drawnCanvases(): Promise<number> {
    return this.viewer
      .locator(".pdf-canvas canvas")
      .evaluateAll((cs) => cs.filter((c) => (c as HTMLCanvasElement).width > 1).length);
  }
  textLayer(): Promise<string> {
    return this.viewer
      .locator(".textLayer")
      .evaluateAll((ls) => ls.map((l) => l.textContent ?? "").join(" "));
  }
}

/**
 * Opens each fixture as a member does and checks what MANIFEST.md expects: page count, first page
 * drawn, text layer content; password-protected ones are unlocked (the Vietnamese one after a wrong
 * password and a Cancel) and their text must reach the search store.
 */
async function openFixtures(m: Device, names: readonly string[]): Promise<void> {
  const viewer = new ViewerPage(m);
  for (const name of names) {
    const expected = OPENS[name]!;
    await viewer.open(name);
    if (expected.password) {
      await viewer.password.waitFor();
      if (name === "vn-luat-thu-do-2012-mat-khau.pdf") {
        // Without diacritics it is another password; Cancel returns at once and can be undone.
        await viewer.password.fill("Hop-2026");
        await m.page.getByRole("button", { name: "Mở", exact: true }).click();
        await expectText(m.page.getByRole("alert"), "Sai mật khẩu. Hãy thử lại.");
        await m.page.getByRole("button", { name: "Hủy", exact: true }).click();
        await m.page.getByText("Chưa mở tài liệu vì chưa nhập mật khẩu.").waitFor();
        await m.page.getByRole("button", { name: "Nhập mật khẩu", exact: true }).click();
      }
      await viewer.password.fill(expected.password);
      await m.page.getByRole("button", { name: "Mở", exact: true }).click();
    }
    await expectText(viewer.pageCount, `/ ${expected.pages}`, SYNC_TIMEOUT);
    await expect.poll(() => viewer.drawnCanvases(), { timeout: SYNC_TIMEOUT }).toBeGreaterThan(0);
    if (expected.password) {
      // Unlocked: its text goes into the device's search index (the password does not).
      await expect.poll(() => storedTextStatus(m, paper(name).hash), { timeout: SYNC_TIMEOUT }).toBe("ok");
    }
    if (expected.text) {
      const text = expected.text;
      await expect
        .poll(async () => (await viewer.textLayer()).replace(/\s+/g, " "), { timeout: UI_TIMEOUT })
        .toContain(text);
    }
  }
}

describe("papers offline: viewer and search (relay stopped)", () => {
  it("a member's device takes every paper of the published meeting in the background", async () => {
    member = await Device.open(browser!, "member", relay!.url);
    await member.signIn(await relay!.invite(DEMO_PEOPLE.vice1), "Máy tính bảng của đại biểu");
    await member.list.waitForCards();
    await member.waitForOfflineReady();
    await expect
      .poll(() => localPaperCount(member!), { timeout: 90_000, interval: 500 })
      .toBe(seeded.papers.length);
    await relay!.stop();
    await member.context.setOffline(true);
  });

  it("opens every pdf.js fixture that should open, unlocking the protected one", async () => {
    expect(seeded.refused.map((r) => r.name)).toEqual([REFUSED]);
    await openFixtures(
      member!,
      Object.keys(OPENS).filter((n) => !n.startsWith("vn-")),
    );
    expect(member!.errors).toEqual([]);
  });

  it("opens every Vietnamese fixture, unlocking the protected one (wrong password, Cancel, decomposed Unicode)", async () => {
    await openFixtures(
      member!,
      Object.keys(OPENS).filter((n) => n.startsWith("vn-")),
    );
    expect(member!.errors).toEqual([]);
  });

  it("keeps only pages near the view drawn, finds in a document by keyboard, and says 'damaged' for a damaged local copy while the rest still open", async () => {
    const m = member!;
    const viewer = new ViewerPage(m);
    // Only pages near the view hold a canvas: the 94-page law keeps a handful.
    await viewer.open("vn-luat-so-huu-tri-tue-2005.pdf");
    await expectText(viewer.pageCount, "/ 94", SYNC_TIMEOUT);
    await expect.poll(() => viewer.drawnCanvases(), { timeout: SYNC_TIMEOUT }).toBeGreaterThan(0);
    expect(await viewer.drawnCanvases()).toBeLessThanOrEqual(4);

    // Find in document by keyboard, without diacritics: hits counted and highlighted.
    await viewer.open("vn-luat-thu-do-2012.pdf");
    await expectText(viewer.pageCount, "/ 12", SYNC_TIMEOUT);
    await viewer.viewer.locator(".pdf-scroller").focus();
    await m.page.keyboard.press("Control+f");
    await m.page.keyboard.type("uy ban nhan dan thanh pho ha noi");
    await expectText(
      viewer.viewer.locator(".pdf-find-status"),
      /^Kết quả 1\/\d+ \(trên \d+ trang\)$/,
      SYNC_TIMEOUT,
    );
    await expect.poll(() => viewer.pageNumber.inputValue(), { timeout: UI_TIMEOUT }).toBe("3");
    await m.page.locator(".pdf-scroller").focus();
    await m.page.keyboard.press("End");
    await expect.poll(() => viewer.pageNumber.inputValue(), { timeout: UI_TIMEOUT }).toBe("12");

    // A damaged local copy: a clear message, no endless spinner; the next paper opens as before.
    await damageLocalCopy(m, paper(DAMAGED_LOCALLY).hash, readFixture(REFUSED));
    await viewer.open(DAMAGED_LOCALLY);
    await expectText(
      m.page.getByRole("alert"),
      "Tệp bị hỏng hoặc không phải là tệp PDF hợp lệ, nên không mở được.",
      SYNC_TIMEOUT,
    );
    await viewer.open("rotation.pdf");
    await expectText(viewer.pageCount, "/ 2", SYNC_TIMEOUT);
    expect(m.errors).toEqual([]);
  });

  it("reads by touch and keyboard: swipe to turn pages, pinch to zoom, thumbnails, rotation, + and −", async () => {
    const m = member!;
    const viewer = new ViewerPage(m);
    await viewer.open("vn-luat-thu-do-2012.pdf");
    await expectText(viewer.pageCount, "/ 12", SYNC_TIMEOUT);
    const zoom = viewer.viewer.getByRole("combobox", { name: "Thu phóng" });
    const zoomText = () => zoom.locator("option:checked").textContent();
    // The page area as the reader has it on screen (the page scrolls it into view on a tablet).
    await viewer.viewer.evaluate((el) => el.scrollIntoView({ block: "end" }));
    const box = await viewer.viewer.locator(".pdf-scroller").boundingBox();
    if (!box) throw new Error("no page area");
    const cdp = await m.context.newCDPSession(m.page);
    const touch = async (type: "touchStart" | "touchMove" | "touchEnd", points: Array<[number, number]>) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: points.map(([x, y], id) => ({ x, y, id })),
      });
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;

    // A swipe to the left turns to the next page (the page fits the width, so nothing scrolls sideways).
    await touch("touchStart", [[cx + 150, cy]]);
    for (let i = 1; i <= 6; i++) await touch("touchMove", [[cx + 150 - i * 50, cy + 2]]);
    await touch("touchEnd", []);
    await expect.poll(() => viewer.pageNumber.inputValue(), { timeout: UI_TIMEOUT }).toBe("2");

    // Pinching out zooms in: from "fit width" to a percentage larger than before.
    await expect.poll(zoomText).toBe("Vừa chiều rộng");
    const before = await viewer.viewer
      .locator(".pdf-page")
      .first()
      .evaluate((el) => el.getBoundingClientRect().width);
    await touch("touchStart", [
      [cx - 40, cy],
      [cx + 40, cy],
    ]);
    for (let i = 1; i <= 5; i++) {
      await touch("touchMove", [
        [cx - 40 - i * 20, cy],
        [cx + 40 + i * 20, cy],
      ]);
    }
    await touch("touchEnd", []);
    await expect.poll(zoomText, { timeout: UI_TIMEOUT }).toMatch(/^\d+%$/);
    await expect
      .poll(
        () =>
          viewer.viewer
            .locator(".pdf-page")
            .first()
            .evaluate((el) => el.getBoundingClientRect().width),
        {
          timeout: UI_TIMEOUT,
        },
      )
      .toBeGreaterThan(before * 1.5);

    // Keyboard: − zooms out a step, R rotates the pages; a thumbnail jumps to its page.
    await zoom.selectOption({ label: "Vừa trang" });
    await viewer.viewer.locator(".pdf-scroller").focus();
    await m.page.keyboard.press("-");
    await expect.poll(zoomText, { timeout: UI_TIMEOUT }).toMatch(/^\d+%$/);
    await m.page.keyboard.press("r");
    await expect
      .poll(() => viewer.viewer.locator(".pdf-page .textLayer").first().getAttribute("data-main-rotation"), {
        timeout: SYNC_TIMEOUT,
      })
      .toBe("90");
    const thumbnails = m.page.getByRole("navigation", { name: "Trang thu nhỏ" });
    await thumbnails.getByRole("button", { name: "Trang 7", exact: true }).click();
    await expect.poll(() => viewer.pageNumber.inputValue(), { timeout: UI_TIMEOUT }).toBe("7");
    await expect(
      thumbnails.getByRole("button", { name: "Trang 7", exact: true }).getAttribute("aria-current"),
    ).resolves.toBe("page");
    expect(m.errors).toEqual([]);
  });

  it("finds each MANIFEST phrase through search, says the scan is not searchable, and opens a hit on its page highlighted", async () => {
    const m = member!;
    const results = m.page.getByRole("region", { name: "Kết quả tìm kiếm" });
    // The first phrase through the address (?q=), the others typed into the search box.
    await m.goto(`/search?q=${encodeURIComponent(PHRASES[0]![0])}`);
    await m.page.getByRole("heading", { level: 1, name: "Tìm kiếm tài liệu" }).waitFor();
    const box = m.page
      .getByRole("search", { name: "Tìm trong tài liệu của mọi cuộc họp" })
      .getByRole("searchbox");
    for (const [phrase, file, page] of PHRASES) {
      if ((await box.inputValue()) !== phrase) {
        await box.fill(phrase);
        await box.press("Enter");
      }
      const hit = results.getByRole("link", { name: `Mở ${file}, trang ${page}`, exact: true });
      await hit.waitFor({ timeout: SYNC_TIMEOUT }).catch(async (error: unknown) => {
        throw new Error(
          `"${phrase}" → ${file} p${page} not found; results: ${await results.textContent().catch(() => "<none>")}`,
          {
            cause: error,
          },
        );
      });
    }

    // The scan has no text layer: no hit from it, and the page says it cannot be searched.
    await m.goto(`/search?q=${encodeURIComponent("Ủy ban nhân dân")}`);
    await results
      .getByText("Không tìm kiếm được (bản quét, không có lớp chữ):")
      .waitFor({ timeout: SYNC_TIMEOUT });
    await results.getByRole("link", { name: "vn-scan-cong-van-11410.pdf", exact: true }).waitFor();
    expect(await results.getByRole("link", { name: /^Mở vn-scan-cong-van-11410\.pdf/ }).count()).toBe(0);

    // Within the meeting: the search box on its Papers tab.
    await m.goto(`/meetings/${seeded.meetingId}/papers`);
    const inMeeting = m.page.getByRole("search", { name: "Tìm trong tài liệu của cuộc họp" });
    await inMeeting.getByRole("searchbox").fill("uy ban nhan dan cac tinh");
    await inMeeting.getByRole("searchbox").press("Enter");
    await results
      .getByRole("link", { name: "Mở vn-bxd-11410-cong-van-huong-dan.pdf, trang 1", exact: true })
      .waitFor();

    // Without diacritics, a hit opens the viewer on its page with the phrase highlighted.
    await m.goto(`/search?q=${encodeURIComponent("sikes had a loaded pistol")}`);
    await results.getByRole("link", { name: "Mở pdkids.pdf, trang 40", exact: true }).click();
    await m.page.getByRole("heading", { level: 1, name: "pdkids.pdf", exact: true }).waitFor();
    const viewer = new ViewerPage(m);
    await expect.poll(() => viewer.pageNumber.inputValue(), { timeout: SYNC_TIMEOUT }).toBe("40");
    await expect
      .poll(
        () => m.page.locator(".pdf-page[data-page-number='40'] .textLayer .highlight").allTextContents(),
        {
          timeout: SYNC_TIMEOUT,
        },
      )
      .toEqual(expect.arrayContaining([expect.stringMatching(/Sikes/)]));
    expect(m.errors).toEqual([]);
  });
});
