/**
 * Votes in real Chromium: three devices (three browser contexts, each its own IndexedDB, device key and
 * relay connection) vote on a motion the chair opens; the chair closes it; every device shows the same
 * final result, table and chart — computed on each device from the documents at the closing heads.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, DEMO_PEOPLE, SYNC_TIMEOUT, UI_TIMEOUT } from "./harness.ts";

const suite = browserSuite();
const device = suite.device;

const MOTION = "Dự thảo Nghị quyết về kế hoạch chỉnh trang đô thị";

function motionCard(page: Page) {
  return page.getByRole("article", { name: MOTION });
}

async function vote(page: Page, choice: string): Promise<void> {
  const card = motionCard(page);
  await card.getByRole("radio", { name: choice, exact: true }).check({ timeout: SYNC_TIMEOUT });
  await card.getByRole("button", { name: "Biểu quyết", exact: true }).click();
  await expect.poll(() => card.getByText(`Bạn đã chọn: ${choice}`).count(), { timeout: UI_TIMEOUT }).toBe(1);
}

/** The result table's rows as "choice=count". */
async function counts(page: Page): Promise<string[]> {
  const rows = motionCard(page).getByRole("table", { name: "Số phiếu theo phương án" }).getByRole("row");
  const out: string[] = [];
  for (const row of await rows.all()) {
    const cells = (await row.getByRole("cell").allTextContents()).map((c) => c.trim());
    const head = (await row.getByRole("rowheader").allTextContents()).map((c) => c.trim());
    if (head.length > 0 && cells.length > 0) out.push(`${head[0]}=${cells[0]}`);
  }
  return out;
}

describe("votes", () => {
  it("three devices vote, the chair closes, and all show the same result and chart", async ({
    onTestFailed,
  }) => {
    onTestFailed(async () => {
      const parts = await Promise.all(suite.devices.map((d) => d.describe()));
      console.error(parts.join("\n"), "\n--- relay\n", suite.relay?.logTail());
    });
    const [chair, vice, urban] = await Promise.all([
      device("A", DEMO_PEOPLE.chair),
      device("B", DEMO_PEOPLE.vice1),
      device("C", DEMO_PEOPLE.urban),
    ]);
    await chair.list.waitForCards();
    const { docId } = await chair.list.open(chair.list.firstMeetingLink);
    chair.page.on("dialog", (d) => void d.accept());
    await chair.goto(`/meetings/${docId}/votes`);
    await chair.page.getByRole("heading", { level: 1, name: "Biểu quyết" }).waitFor();

    // The chair adds a motion (default ballot, simple majority of votes cast, named) and opens it.
    await chair.page.getByRole("button", { name: "Thêm vấn đề biểu quyết" }).click();
    const form = chair.page.getByRole("form", { name: "Thêm vấn đề biểu quyết" });
    await form.getByRole("textbox", { name: "Vấn đề biểu quyết" }).fill(MOTION);
    await form.getByRole("combobox", { name: "Quy tắc thông qua" }).selectOption("majority_of_cast");
    await form.getByRole("button", { name: "Lưu" }).click();
    await motionCard(chair.page).getByRole("button", { name: "Mở biểu quyết" }).click();
    await motionCard(chair.page).getByText("Đang biểu quyết").waitFor();

    // Each member votes on their own device.
    await Promise.all([vice, urban].map((d) => d.goto(`/meetings/${docId}/votes`)));
    await vote(chair.page, "Tán thành");
    await vote(vice.page, "Tán thành");
    await vote(urban.page, "Không tán thành");

    // The chair sees every vote arrive (running count), then closes.
    await expect
      .poll(() => counts(chair.page), { timeout: SYNC_TIMEOUT })
      .toEqual(["Tán thành=2", "Không tán thành=1", "Không biểu quyết=0"]);
    await motionCard(chair.page).getByRole("button", { name: "Kết thúc biểu quyết" }).click();

    // Every device: the same final result, table and chart.
    const outcome = "Thông qua — theo quy tắc: Quá nửa số phiếu tán thành và không tán thành";
    const seen: string[] = [];
    for (const d of [chair, vice, urban]) {
      const card = motionCard(d.page);
      await card.getByRole("heading", { name: "Kết quả chính thức" }).waitFor({ timeout: SYNC_TIMEOUT });
      await expect.poll(() => card.getByRole("status").filter({ hasText: outcome }).count()).toBe(1);
      expect(await counts(d.page)).toEqual(["Tán thành=2", "Không tán thành=1", "Không biểu quyết=0"]);
      const chart = card.locator(".result-chart");
      const bars = await chart.getAttribute("data-bars");
      seen.push(bars ?? "");
      const size = await chart.locator("canvas").evaluate((c: HTMLCanvasElement) => c.width * c.height);
      expect(size).toBeGreaterThan(0);
      await expect.poll(() => card.getByText("Chữ ký không hợp lệ").count()).toBe(0);
    }
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toBe("Tán thành=2;Không tán thành=1;Không biểu quyết=0");
  });

  it("a secret ballot goes to the relay: the member cannot change it, and the sealed count reaches every device", async ({
    onTestFailed,
  }) => {
    onTestFailed(async () => {
      const parts = await Promise.all(suite.devices.map((d) => d.describe()));
      console.error(parts.join("\n"), "\n--- relay\n", suite.relay?.logTail());
    });
    const [chair, vice] = await Promise.all([device("D", DEMO_PEOPLE.chair), device("E", DEMO_PEOPLE.vice1)]);
    await chair.list.waitForCards();
    const { docId } = await chair.list.open(chair.list.firstMeetingLink);
    chair.page.on("dialog", (d) => void d.accept());
    await chair.goto(`/meetings/${docId}/votes`);
    const title = "Bầu Trưởng ban công tác Mặt trận";
    await chair.page.getByRole("button", { name: "Thêm vấn đề biểu quyết" }).click();
    const form = chair.page.getByRole("form", { name: "Thêm vấn đề biểu quyết" });
    await form.getByRole("textbox", { name: "Vấn đề biểu quyết" }).fill(title);
    await form.getByRole("radio", { name: "Đồng ý / Không đồng ý / Phiếu trắng (HĐND)" }).check();
    await form.getByRole("radio", { name: "Bỏ phiếu kín" }).check();
    await form.getByRole("button", { name: "Lưu" }).click();
    const chairCard = chair.page.getByRole("article", { name: title });
    await chairCard.getByRole("button", { name: "Mở biểu quyết" }).click();

    await vice.goto(`/meetings/${docId}/votes`);
    const viceCard = vice.page.getByRole("article", { name: title });
    await viceCard.getByRole("radio", { name: "Không đồng ý", exact: true }).check({ timeout: SYNC_TIMEOUT });
    await viceCard.getByRole("button", { name: "Biểu quyết", exact: true }).click();
    await viceCard.getByText("Bạn đã bỏ phiếu kín.", { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    // No ballot form any more: a secret ballot cannot be changed.
    expect(await viceCard.getByRole("button", { name: "Đổi lựa chọn" }).count()).toBe(0);
    // The turnout follows live on the chair's open page, without a reload.
    await chairCard.getByText(/^1\/\d+ người đã bỏ phiếu$/).waitFor({ timeout: SYNC_TIMEOUT });
    await chairCard.getByRole("radio", { name: "Đồng ý", exact: true }).check();
    await chairCard.getByRole("button", { name: "Biểu quyết", exact: true }).click();
    await chairCard.getByText("Bạn đã bỏ phiếu kín.", { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    for (const card of [chairCard, viceCard])
      await card.getByText(/^2\/\d+ người đã bỏ phiếu$/).waitFor({ timeout: SYNC_TIMEOUT });
    await chairCard.getByRole("button", { name: "Kết thúc và kiểm phiếu" }).click();

    for (const card of [chairCard, viceCard]) {
      await card.getByRole("heading", { name: "Kết quả chính thức" }).waitFor({ timeout: SYNC_TIMEOUT });
      const table = card.getByRole("table", { name: "Số phiếu theo phương án" });
      const seen: string[] = [];
      for (const row of await table.getByRole("row").all()) {
        const head = await row.getByRole("rowheader").allTextContents();
        const cells = await row.getByRole("cell").allTextContents();
        if (head.length > 0 && cells.length > 0) seen.push(`${head[0]?.trim()}=${cells[0]?.trim()}`);
      }
      expect(seen).toEqual(["Đồng ý=1", "Không đồng ý=1", "Phiếu trắng=0"]);
      // Counts only: no table of who chose what.
      expect(await card.getByRole("table", { name: "Lựa chọn của từng người" }).count()).toBe(0);
    }
  });
});
