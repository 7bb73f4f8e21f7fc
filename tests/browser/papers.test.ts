/**
 * Meeting papers between two devices through the real relay: the secretary attaches PDFs in the
 * Papers tab (a non-PDF is refused with its reason), a member's device downloads them in the background
 * until the meeting is "ready offline", the member opens the paper, the secretary replaces it with a
 * new version, and the member — now with the relay stopped — is told there is a new version, reads it,
 * and can still read the old one.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixturesDir } from "../../sync-server/src/blobs/test-fixtures.ts";
import { browserSuite, DEMO_PEOPLE, type Device, SYNC_TIMEOUT, UI_TIMEOUT } from "./harness.ts";

const fixture = (name: string) => readFileSync(`${fixturesDir()}/${name}`);
const V1 = { name: "Tờ trình số 12-TTr-UBND.pdf", bytes: fixture("vn-luat-thu-do-2012.pdf") };
const V2 = {
  name: "Tờ trình số 12-TTr-UBND (sửa đổi).pdf",
  bytes: fixture("vn-bxd-11410-cong-van-huong-dan.pdf"),
};
/** The demo's upcoming regular meeting; the member "vice1" takes part in it. */
const REGULAR = /^Phiên họp UBND phường thường kỳ/;

const suite = browserSuite();
const device = suite.device;

/** The Papers tab of a meeting, found the way a member finds things: by role, label and text. */
class PapersTab {
  constructor(readonly device: Device) {}
  get page() {
    return this.device.page;
  }
  async open(docId: string): Promise<void> {
    await this.device.goto(`/meetings/${docId}/papers`);
    await this.page.getByRole("heading", { level: 1, name: "Tài liệu", exact: true }).waitFor();
  }
  paperLink(name: string) {
    return this.page.locator(".paper-list").getByRole("link", { name, exact: true });
  }
  paperRow(name: string) {
    return this.page.locator(".paper").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }
  get offline() {
    return this.page.getByRole("region", { name: "Trên thiết bị này" });
  }
}

describe("papers reach every member", () => {
  it("a member who opened v1 is told of v2, reads it offline, and v1 stays readable", async ({
    onTestFailed,
  }) => {
    onTestFailed(async () => {
      const parts = await Promise.all(suite.devices.map((d) => d.describe()));
      console.error(parts.join("\n"), "\n--- relay\n", suite.relay?.logTail());
    });
    const secretaryDevice = await device("TK", DEMO_PEOPLE.secretary);
    const memberDevice = await device("TV", DEMO_PEOPLE.vice1);

    // The secretary attaches a paper (and, by mistake, a Word file) in the Papers tab.
    await secretaryDevice.list.waitForCards();
    const link = secretaryDevice.list.panel
      .getByRole("heading", { level: 3 })
      .getByRole("link", { name: REGULAR });
    const { docId } = await secretaryDevice.list.open(link.first());
    const secretary = new PapersTab(secretaryDevice);
    await secretary.open(docId);
    await secretary.page.getByLabel("Chọn tệp PDF để thêm (có thể chọn nhiều tệp)").setInputFiles([
      { name: V1.name, mimeType: "application/pdf", buffer: V1.bytes },
      {
        name: "Ghi chú.docx",
        mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        buffer: Buffer.from("PK\u0003\u0004 không phải PDF"),
      },
    ]);
    const uploads = secretary.page.locator(".upload-list");
    await uploads
      .locator(".upload-item", { hasText: V1.name })
      .getByText("Đã thêm")
      .waitFor({ timeout: SYNC_TIMEOUT });
    await expect
      .poll(() =>
        uploads.locator(".upload-item", { hasText: "Ghi chú.docx" }).getByRole("alert").textContent(),
      )
      .toBe("Không thêm được: Không phải tệp PDF.");
    await secretary.paperLink(V1.name).waitFor();
    await expect
      .poll(() => secretary.paperRow(V1.name).locator(".paper-meta").textContent())
      .toContain("12 trang");

    // The member's device takes the file in the background: "ready offline"; the member opens it.
    const member = new PapersTab(memberDevice);
    await member.open(docId);
    await member.offline.getByText("Sẵn sàng ngoại tuyến").waitFor({ timeout: SYNC_TIMEOUT });
    await member.paperLink(V1.name).click();
    await member.page.getByRole("heading", { level: 1, name: V1.name, exact: true }).waitFor();
    const viewer = member.page.getByRole("region", { name: /^Trình xem tài liệu: / });
    await expect
      .poll(() => viewer.locator(".textLayer").first().textContent(), { timeout: SYNC_TIMEOUT })
      .toContain("Thủ đô");

    // The secretary sees the member's receipt: opened.
    const receipts = secretary.page.getByRole("table");
    const row = receipts.getByRole("row").filter({ hasText: V1.name });
    await expect
      .poll(
        async () => {
          const headers = await receipts.getByRole("columnheader").allTextContents();
          const cells = await row.getByRole("cell").allTextContents();
          return cells[headers.indexOf(DEMO_PEOPLE.vice1) - 1]?.trim();
        },
        { timeout: SYNC_TIMEOUT },
      )
      .toMatch(/Đã xem$/);

    // The secretary replaces it with a new version.
    await secretary.page.getByLabel(`Chọn tệp PDF thay cho ${V1.name}`).setInputFiles({
      name: V2.name,
      mimeType: "application/pdf",
      buffer: V2.bytes,
    });
    await secretary.paperLink(V2.name).waitFor({ timeout: SYNC_TIMEOUT });

    // The member's device gets v2 and its bytes; then the relay goes away.
    await member.open(docId);
    await member.paperLink(V2.name).waitFor({ timeout: SYNC_TIMEOUT });
    await member.offline.getByText("Sẵn sàng ngoại tuyến").waitFor({ timeout: SYNC_TIMEOUT });
    await memberDevice.sync.waitForSynced();
    // The app itself must start offline too (service worker and its precache).
    await memberDevice.waitForOfflineReady();
    await suite.relay!.stop();

    // Told on the meeting's card in the list, which also says the papers are on the device…
    await memberDevice.goto("/");
    await memberDevice.list.waitForLoaded();
    const card = memberDevice.list.panel
      .locator(".meeting-card")
      .filter({ hasText: /Phiên họp UBND phường thường kỳ/ });
    await card.getByText("1 tài liệu có phiên bản mới").waitFor({ timeout: SYNC_TIMEOUT });
    await card.getByText("Sẵn sàng ngoại tuyến").waitFor();

    // …and in the Papers tab: a notice and a badge on the paper.
    await member.open(docId);
    const notice = member.page.getByRole("status").filter({ hasText: "vừa có phiên bản mới" });
    await notice.getByRole("link", { name: V2.name }).waitFor();
    await member.paperRow(V2.name).getByText("Phiên bản mới", { exact: true }).waitFor();

    // v2 reads offline.
    await member.paperLink(V2.name).click();
    await member.page.getByRole("heading", { level: 1, name: V2.name, exact: true }).waitFor();
    await expect
      .poll(() => viewer.locator(".textLayer").first().textContent(), { timeout: UI_TIMEOUT })
      .toContain("Kính gửi");

    // v1 stays readable from the earlier versions, and says a newer one exists.
    await member.open(docId);
    await expect
      .poll(() => member.paperRow(V2.name).getByText("Phiên bản mới", { exact: true }).count())
      .toBe(0);
    await member.paperRow(V2.name).getByText("Các phiên bản trước (1)").click();
    await member
      .paperRow(V2.name)
      .getByRole("link", { name: `Phiên bản 1: ${V1.name}` })
      .click();
    await member.page.getByRole("heading", { level: 1, name: V1.name, exact: true }).waitFor();
    await member.page.getByText("Tài liệu này đã có phiên bản mới.").waitFor();
    await expect
      .poll(() => viewer.locator(".textLayer").first().textContent(), { timeout: UI_TIMEOUT })
      .toContain("Thủ đô");
    expect(
      [...memberDevice.errors, ...secretaryDevice.errors].filter((e) => e.startsWith("pageerror")),
    ).toEqual([]);
  });
});
