/**
 * Annotations in real Chromium (issue 5), against a real relay with the demo workspace. Papers are
 * uploaded and referenced by the secretary's device (a Node client with its own credential, as the
 * papers screen does); members sign in through onboarding and open the paper in the viewer, which
 * reads it from the device's own paper store.
 */
import { readFile } from "node:fs/promises";
import { PDFDocument } from "pdf-lib";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MeetingDoc, PaperId, PrivateDoc } from "../../shared/src/index.ts";
import { allPrivateAnnotations } from "../../shared/src/index.ts";
import { storedDocuments, storedText } from "../integration/relay-storage.ts";
import {
  assertPrerequisites,
  DEMO_PEOPLE,
  Device,
  launchBrowser,
  Relay,
  SYNC_TIMEOUT,
  UI_TIMEOUT,
} from "./harness.ts";
import {
  attachTestPaper,
  makeTextPdf,
  meetingWith,
  type NodeDevice,
  nodeDevice,
  openDoc,
} from "./papers-support.ts";

let relay: Relay | undefined;
let browser: Browser | undefined;
const devices: Device[] = [];
const nodes: NodeDevice[] = [];
let secretary: NodeDevice;
let meetingDocId = "";
let meeting: import("@automerge/automerge-repo").DocHandle<MeetingDoc>;

const SURVIVES = "báo cáo kết quả giải ngân vốn đầu tư công";
const REMOVED = "rà soát số liệu quý IV";
const V1 = [
  [
    "Ủy ban nhân dân phường Bình Thạnh",
    `Phòng Tài chính ${SURVIVES} năm 2026.`,
    `Đề nghị các phòng ban ${REMOVED} trước ngày 15/12/2026.`,
    "Văn phòng tổng hợp ý kiến trình Chủ tịch.",
  ],
  ["Phụ lục: bảng số liệu chi tiết theo từng dự án."],
];
const V2 = [
  [
    "Ủy ban nhân dân phường Bình Thạnh",
    "Nội dung bổ sung theo ý kiến của Thường trực.",
    `Phòng Tài chính ${SURVIVES} năm 2026.`,
    "Văn phòng tổng hợp ý kiến trình Chủ tịch.",
  ],
  ["Phụ lục: bảng số liệu chi tiết theo từng dự án."],
];

function theRelay(): Relay {
  if (!relay) throw new Error("beforeAll did not finish");
  return relay;
}

beforeAll(async () => {
  assertPrerequisites();
  const [r, b] = await Promise.allSettled([Relay.start({ demo: true }), launchBrowser()]);
  if (r.status === "fulfilled") relay = r.value;
  if (b.status === "fulfilled") browser = b.value;
  for (const result of [r, b]) if (result.status === "rejected") throw result.reason;
  secretary = await nodeDevice(relay!.url, await relay!.invite(DEMO_PEOPLE.secretary), "secretary");
  nodes.push(secretary);
  const [mai, thang] = await Promise.all([
    relay!.member(DEMO_PEOPLE.vice1),
    relay!.member(DEMO_PEOPLE.urban),
  ]);
  const found = await meetingWith(secretary, [mai.id, thang.id]);
  meeting = found.handle;
  meetingDocId = meeting.documentId;
}, 120_000);

afterEach(async () => {
  for (const device of devices.splice(0)) await device.close();
});

afterAll(async () => {
  for (const n of nodes) await n.client.close();
  await browser?.close();
  await relay?.cleanup();
});

/** A new device signed in through onboarding as `member`. */
async function device(name: string, member: string): Promise<Device> {
  if (!browser || !relay) throw new Error("beforeAll did not finish");
  const d = await Device.open(browser, name, relay.url);
  devices.push(d);
  await d.signIn(await relay.invite(member), `Máy ${name}`);
  return d;
}

async function newPaper(title: string, pages = V1): Promise<{ paperId: PaperId; hash: string }> {
  return attachTestPaper(theRelay().url, secretary, meeting, await makeTextPdf(pages), `${title}.pdf`);
}

/** The viewer page of a paper on a device, with its annotation parts. */
class PaperPage {
  constructor(readonly page: Page) {}

  static async open(d: Device, paperId: string): Promise<PaperPage> {
    await d.goto(`/meetings/${meetingDocId}/papers/${encodeURIComponent(paperId)}`);
    const p = new PaperPage(d.page);
    // The device downloads the file in the background; the viewer opens it once stored.
    await p.pdfPage(1).locator("canvas").waitFor({ timeout: SYNC_TIMEOUT });
    await p.pdfPage(1).locator(".textLayer span").first().waitFor({ timeout: SYNC_TIMEOUT });
    return p;
  }

  pdfPage(n: number): Locator {
    return this.page.locator(`.pdf-page[data-page-number="${n}"]`);
  }

  annotations(n: number): Locator {
    return this.pdfPage(n).locator(".annotation-layer [data-annotation-id]");
  }

  get panel(): Locator {
    return this.page.getByRole("complementary", { name: /Ghi chú/ });
  }

  async tool(name: "Chọn" | "Đánh dấu chữ" | "Đánh dấu vùng" | "Ghi chú" | "Vẽ tay"): Promise<void> {
    await this.page
      .getByRole("toolbar", { name: "Công cụ ghi chú" })
      .getByRole("radio", { name, exact: true })
      .check();
  }

  async zoom(percent: string): Promise<void> {
    await this.page.getByLabel("Thu phóng").selectOption(percent);
  }

  /** Selects `phrase` in page `n`'s text layer, as a reader's drag or Shift+arrows would. */
  async select(n: number, phrase: string): Promise<void> {
    await this.pdfPage(n).evaluate((pageEl, text) => {
      for (const span of pageEl.querySelectorAll<HTMLElement>(".textLayer span")) {
        const node = span.firstChild;
        const at = node?.textContent?.indexOf(text) ?? -1;
        if (!node || at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        const selection = getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      throw new Error(`"${text}" is not in the text layer`);
    }, phrase);
  }

  /** Screen box (CSS px) of `phrase` in page `n`'s text layer. */
  phraseBox(
    n: number,
    phrase: string,
  ): Promise<{ left: number; top: number; right: number; bottom: number }> {
    return this.pdfPage(n).evaluate((pageEl, text) => {
      for (const span of pageEl.querySelectorAll<HTMLElement>(".textLayer span")) {
        const node = span.firstChild;
        const at = node?.textContent?.indexOf(text) ?? -1;
        if (!node || at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        const r = range.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }
      throw new Error(`"${text}" is not in the text layer`);
    }, phrase);
  }

  /** Screen box of the highlight shapes of annotation `id`. */
  highlightBox(id: string): Promise<{ left: number; top: number; right: number; bottom: number }> {
    return this.page.locator(`.annotation-layer [data-annotation-id="${id}"]`).evaluate((g) => {
      const boxes = [...g.querySelectorAll("polygon")].map((p) => p.getBoundingClientRect());
      return {
        left: Math.min(...boxes.map((b) => b.left)),
        top: Math.min(...boxes.map((b) => b.top)),
        right: Math.max(...boxes.map((b) => b.right)),
        bottom: Math.max(...boxes.map((b) => b.bottom)),
      };
    });
  }

  async highlight(n: number, phrase: string): Promise<string> {
    const before = await this.annotations(n).count();
    await this.tool("Đánh dấu chữ");
    await this.select(n, phrase);
    await expect.poll(() => this.annotations(n).count(), { timeout: UI_TIMEOUT }).toBe(before + 1);
    const ids = await this.annotations(n).evaluateAll((els) =>
      els.map((e) => e.getAttribute("data-annotation-id")!),
    );
    return ids[ids.length - 1]!;
  }

  /** Places a note in the middle of page `n` with the keyboard and types its text in the panel. */
  async note(n: number, text: string): Promise<void> {
    await this.tool("Ghi chú");
    const before = await this.annotations(n).count();
    // The viewer re-creates a page's overlay when its layout settles (fit-width after the panel
    // appears): focus can be lost with the old layer, so focus again until the note is there.
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.pdfPage(n).locator(".annotation-layer").focus();
      await this.page.keyboard.press("Enter");
      const placed = await expect
        .poll(() => this.annotations(n).count(), { timeout: 2000 })
        .toBe(before + 1)
        .then(
          () => true,
          () => false,
        );
      if (placed) break;
    }
    const editor = this.panel.getByLabel("Nội dung ghi chú");
    await editor.waitFor();
    await editor.fill(text);
    await this.panel.getByRole("button", { name: "Lưu" }).click();
    await this.panel.getByText(text).waitFor();
  }

  mineTexts(): Promise<string[]> {
    return this.panel.locator(".annotation-item .item-text, .annotation-item .item-quote").allInnerTexts();
  }
}

/** On failure: what each open device shows and logged, and the relay's last lines. */
async function failureReport(): Promise<void> {
  const parts = await Promise.all(
    devices.map(
      async (d) =>
        `${await d.describe()}\npanel:\n${await d.page
          .locator(".annotation-panel")
          .textContent({ timeout: 1000 })
          .catch(() => "<no panel>")}`,
    ),
  );
  console.error(parts.join("\n"), "\n--- relay\n", relay?.logTail(25));
}

describe("annotations on meeting papers", () => {
  it("a highlight made at 100 % covers the same words at 250 % turned 90° on another device (within 2 px)", async ({
    onTestFailed,
  }) => {
    onTestFailed(failureReport);
    const { paperId } = await newPaper("To trinh giai ngan");
    const [tablet, laptop] = await Promise.all([
      device("tablet", DEMO_PEOPLE.vice1),
      device("laptop", DEMO_PEOPLE.vice1),
    ]);
    const onTablet = await PaperPage.open(tablet, paperId);
    await onTablet.zoom("100");
    await expect.poll(() => onTablet.pdfPage(1).locator(".textLayer span").count()).toBeGreaterThan(0);
    const id = await onTablet.highlight(1, SURVIVES);

    const onLaptop = await PaperPage.open(laptop, paperId);
    await onLaptop.zoom("200");
    await laptop.page.getByRole("button", { name: "Phóng to" }).click(); // 200 → 250 %
    await laptop.page.getByRole("button", { name: "Xoay trang" }).click();
    await expect.poll(() => laptop.page.getByLabel("Thu phóng").inputValue()).toBe("percent");
    await laptop.page
      .locator(`.annotation-layer [data-annotation-id="${id}"]`)
      .waitFor({ timeout: SYNC_TIMEOUT });
    await onLaptop.pdfPage(1).locator(".textLayer span").first().waitFor();
    const words = await onLaptop.phraseBox(1, SURVIVES);
    const mark = await onLaptop.highlightBox(id);
    // Turned a quarter: the words run down the screen.
    expect(words.bottom - words.top).toBeGreaterThan(words.right - words.left);
    for (const side of ["left", "top", "right", "bottom"] as const) {
      expect(Math.abs(mark[side] - words[side]), side).toBeLessThanOrEqual(2);
    }
  });

  it("two devices annotate offline and converge after reconnecting", async ({ onTestFailed }) => {
    onTestFailed(failureReport);
    const { paperId } = await newPaper("Bao cao ngoai tuyen");
    const [a, b] = await Promise.all([device("A", DEMO_PEOPLE.vice1), device("B", DEMO_PEOPLE.vice1)]);
    const onA = await PaperPage.open(a, paperId);
    const onB = await PaperPage.open(b, paperId);

    await theRelay().stop();
    await Promise.all([a.context.setOffline(true), b.context.setOffline(true)]);
    await onA.note(1, "Ghi chú trên máy tính bảng khi mất mạng");
    await onB.highlight(1, REMOVED);
    await onB.note(2, "Ghi chú trên máy xách tay khi mất mạng");

    await theRelay().restart();
    await Promise.all([a.context.setOffline(false), b.context.setOffline(false)]);
    for (const p of [onA, onB]) {
      await expect
        .poll(() => p.mineTexts(), { timeout: SYNC_TIMEOUT })
        .toEqual(
          expect.arrayContaining([
            "Ghi chú trên máy tính bảng khi mất mạng",
            REMOVED,
            "Ghi chú trên máy xách tay khi mất mạng",
          ]),
        );
    }
    await expect.poll(() => onA.annotations(1).count(), { timeout: SYNC_TIMEOUT }).toBe(2);
    await expect.poll(() => onB.annotations(2).count(), { timeout: SYNC_TIMEOUT }).toBe(1);

    // The meeting's Papers tab lists them all (per meeting); one tap opens the paper at the note's page.
    await a.goto(`/meetings/${meetingDocId}/papers`);
    const meetingPanel = a.page.getByRole("complementary", { name: "Ghi chú trong cuộc họp" });
    const item = meetingPanel.locator(".annotation-item", {
      hasText: "Ghi chú trên máy xách tay khi mất mạng",
    });
    await item.getByText("Bao cao ngoai tuyen.pdf").waitFor({ timeout: SYNC_TIMEOUT });
    await item.getByRole("button", { name: "Đến trang" }).click();
    await a.page.waitForURL(
      (u) => u.pathname.endsWith(`/papers/${paperId}`) && u.searchParams.get("page") === "2",
    );
    await new PaperPage(a.page).annotations(2).first().waitFor({ timeout: SYNC_TIMEOUT });
  });

  it("a private annotation never reaches another member's copy (checked at the relay); shared, it shows its author and takes replies; export as PDF and text", async ({
    onTestFailed,
  }) => {
    onTestFailed(failureReport);
    const secret = "Ý kiến riêng: cần làm rõ nguồn vốn đối ứng";
    const { paperId } = await newPaper("Du thao nghi quyet");
    const [mai, thang] = await Promise.all([
      device("Mai", DEMO_PEOPLE.vice1),
      device("Thang", DEMO_PEOPLE.urban),
    ]);
    const onMai = await PaperPage.open(mai, paperId);
    await onMai.note(1, secret);

    // At the relay: stored in Mai's private document and nowhere else.
    const maiNode = await nodeDevice(theRelay().url, await theRelay().invite(DEMO_PEOPLE.vice1), "mai-node");
    nodes.push(maiNode);
    const priv = await openDoc<PrivateDoc>(maiNode, maiNode.privateUrl);
    await expect
      .poll(() => allPrivateAnnotations(priv.doc()).some((a) => a.text === secret), { timeout: SYNC_TIMEOUT })
      .toBe(true);
    const holders = await storedText(theRelay().dataDir, secret);
    expect(holders).toEqual([maiNode.privateUrl.replace("automerge:", "")]);
    expect((await storedDocuments(theRelay().dataDir)).size).toBeGreaterThan(3);

    // Thắng's device cannot obtain it, and his viewer shows nothing of it.
    const thangNode = await nodeDevice(
      theRelay().url,
      await theRelay().invite(DEMO_PEOPLE.urban),
      "thang-node",
    );
    nodes.push(thangNode);
    await expect(thangNode.client.repo.find(maiNode.privateUrl as never)).rejects.toThrow();
    const onThang = await PaperPage.open(thang, paperId);
    await expect.poll(() => onThang.annotations(1).count()).toBe(0);
    await expect.poll(() => onThang.panel.getByText(secret).count()).toBe(0);
    await onThang.panel.getByRole("radio", { name: /Đã chia sẻ/ }).check();
    await expect.poll(() => onThang.panel.getByText(secret).count()).toBe(0);

    // One tap shares it: Thắng sees it with its author, and his reply reaches Mai's thread.
    await onMai.panel
      .locator(".annotation-item", { hasText: secret })
      .getByRole("button", { name: "Chia sẻ" })
      .click();
    const shared = onThang.panel.locator(".annotation-item", { hasText: secret });
    await shared
      .getByText(/^Trần Thị Mai · \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/)
      .waitFor({ timeout: SYNC_TIMEOUT });
    await expect.poll(() => onThang.annotations(1).count(), { timeout: SYNC_TIMEOUT }).toBe(1);
    await shared.getByLabel("Trả lời").fill("Đề nghị Phòng Tài chính làm rõ trước phiên họp");
    await shared.getByRole("button", { name: "Gửi trả lời" }).click();
    await onMai.panel.getByRole("radio", { name: /Đã chia sẻ/ }).check();
    const thread = onMai.panel.locator(".annotation-item", { hasText: secret });
    await thread
      .getByText("Đề nghị Phòng Tài chính làm rõ trước phiên họp")
      .waitFor({ timeout: SYNC_TIMEOUT });
    await thread.getByText(/^Bùi Đức Thắng · /).waitFor();

    // Export: a copy of the PDF with the note in it as a PDF text annotation, and a text summary.
    const [pdfDownload] = await Promise.all([
      mai.page.waitForEvent("download"),
      onMai.panel.getByRole("button", { name: "Tải PDF có ghi chú" }).click(),
    ]);
    expect(pdfDownload.suggestedFilename()).toBe("Du thao nghi quyet (ghi chú).pdf");
    const exported = await PDFDocument.load(await readFile((await pdfDownload.path())!));
    const annots = exported.getPage(0).node.Annots();
    expect(annots?.size()).toBe(1);
    const [textDownload] = await Promise.all([
      mai.page.waitForEvent("download"),
      onMai.panel.getByRole("button", { name: "Tải bản tóm tắt (văn bản)" }).click(),
    ]);
    const summary = await readFile((await textDownload.path())!, "utf8");
    expect(summary).toContain("Ghi chú của tôi — Du thao nghi quyet.pdf");
    expect(summary).toContain(`Ghi chú: ${secret}`);
    expect(summary).toContain("Bùi Đức Thắng");
  });

  it("a new version: highlights whose words survived are carried over, the others listed with the old version one tap away", async ({
    onTestFailed,
  }) => {
    onTestFailed(failureReport);
    const first = await newPaper("To trinh sua doi");
    const mai = await device("Mai2", DEMO_PEOPLE.vice1);
    const onV1 = await PaperPage.open(mai, first.paperId);
    await onV1.highlight(1, SURVIVES);
    await onV1.highlight(1, REMOVED);

    const second = await attachTestPaper(
      theRelay().url,
      secretary,
      meeting,
      await makeTextPdf(V2),
      "To trinh sua doi (ban 2).pdf",
      first.paperId,
    );
    const onV2 = await PaperPage.open(mai, second.paperId);
    await expect.poll(() => onV2.annotations(1).count(), { timeout: SYNC_TIMEOUT }).toBe(1);
    const carried = await onV2.annotations(1).getAttribute("data-annotation-id");
    const words = await onV2.phraseBox(1, SURVIVES);
    const mark = await onV2.highlightBox(carried!);
    for (const side of ["left", "top", "right", "bottom"] as const) {
      expect(Math.abs(mark[side] - words[side]), side).toBeLessThanOrEqual(2);
    }
    const notPlaced = mai.page.getByRole("region", { name: "Ghi chú không đặt được vào phiên bản mới" });
    await notPlaced.getByText(REMOVED).waitFor({ timeout: SYNC_TIMEOUT });
    await notPlaced.getByRole("button", { name: "Mở phiên bản cũ" }).click();
    await mai.page.waitForURL((u) => u.pathname.endsWith(`/papers/${encodeURIComponent(first.paperId)}`));
    await expect
      .poll(() => new PaperPage(mai.page).annotations(1).count(), { timeout: SYNC_TIMEOUT })
      .toBe(2);
  });
});
