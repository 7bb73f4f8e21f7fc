/**
 * Issue 8 in real Chromium against a real relay (demo data): (a) the chair and the secretary edit the
 * same section of a meeting's draft conclusion at the same time on two devices and both end with the
 * same text holding both edits; (b) a directive selected in the conclusion becomes a task led by a
 * unit, and a member of that unit finds it under "Việc của tôi" on their own device.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, DEMO_PEOPLE, type Device, SYNC_TIMEOUT } from "./harness.ts";

const suite = browserSuite();
const device = suite.device;

/** The first section's textarea of the conclusion page (the first agenda item's). */
function firstSection(page: Page) {
  return page.getByRole("textbox", { name: /^Kết luận: / }).first();
}

async function openConclusion(d: Device, docId?: string): Promise<string> {
  if (!docId) {
    await d.list.waitForCards();
    const opened = await d.list.open(d.list.firstMeetingLink);
    docId = opened.docId;
  }
  await d.goto(`/meetings/${docId}/conclusion`);
  await d.page.getByRole("heading", { level: 1, name: "Kết luận cuộc họp" }).waitFor();
  return docId;
}

describe("conclusion and tasks", () => {
  it("two devices edit the draft conclusion at once and converge", async ({ onTestFailed }) => {
    onTestFailed(async () => {
      console.error(
        (await Promise.all(suite.devices.map((d) => d.describe()))).join("\n"),
        suite.relay?.logTail(),
      );
    });
    const [chair, secretary] = await Promise.all([
      device("A", DEMO_PEOPLE.chair),
      device("B", DEMO_PEOPLE.secretary),
    ]);
    const docId = await openConclusion(chair);
    await openConclusion(secretary, docId);

    await chair.page.getByRole("button", { name: "Lập dự thảo kết luận" }).click();
    const onA = firstSection(chair.page);
    const onB = firstSection(secretary.page);
    await onA.fill("Thống nhất nội dung tờ trình.");
    await expect
      .poll(() => onB.inputValue(), { timeout: SYNC_TIMEOUT })
      .toBe("Thống nhất nội dung tờ trình.");

    // Both type at once: the chair at the start, the secretary at the end.
    await Promise.all([
      (async () => {
        await onA.focus();
        await onA.press("Control+Home");
        await onA.pressSequentially("Cơ bản ", { delay: 20 });
      })(),
      (async () => {
        await onB.focus();
        await onB.press("Control+End");
        await onB.pressSequentially(" Giao Phòng Kinh tế chủ trì.", { delay: 20 });
      })(),
    ]);
    const expected = "Cơ bản Thống nhất nội dung tờ trình. Giao Phòng Kinh tế chủ trì.";
    await expect.poll(() => onA.inputValue(), { timeout: SYNC_TIMEOUT }).toBe(expected);
    await expect.poll(() => onB.inputValue(), { timeout: SYNC_TIMEOUT }).toBe(expected);
    await chair.sync.waitForSynced();
    await secretary.sync.waitForSynced();
    expect([...chair.errors, ...secretary.errors].filter((e) => e.startsWith("pageerror"))).toEqual([]);
  }, 120_000);

  it("a directive in the conclusion becomes a task for a unit, and a member of that unit sees it", async ({
    onTestFailed,
  }) => {
    onTestFailed(async () => {
      console.error(
        (await Promise.all(suite.devices.map((d) => d.describe()))).join("\n"),
        suite.relay?.logTail(),
      );
    });
    const [chair, member] = await Promise.all([
      device("C", DEMO_PEOPLE.chair),
      device("D", DEMO_PEOPLE.urban),
    ]);
    await openConclusion(chair);
    const begin = chair.page.getByRole("button", { name: "Lập dự thảo kết luận" });
    if (await begin.isVisible()) await begin.click();
    const section = firstSection(chair.page);
    const directive = "Giao Phòng Kinh tế, Hạ tầng và Đô thị rà soát hệ thống thoát nước trước mùa mưa";
    await section.fill(`Thống nhất chủ trương. ${directive}.`);
    // Select the directive, as a user would with the mouse or Shift+arrows.
    await section.evaluate((el, text) => {
      const area = el as HTMLTextAreaElement;
      const start = area.value.indexOf(text);
      area.focus();
      area.setSelectionRange(start, start + text.length);
      area.dispatchEvent(new Event("select"));
    }, directive);
    await chair.page.getByRole("button", { name: "Giao việc từ đoạn đã chọn" }).click();
    const form = chair.page.getByRole("form").or(chair.page.locator("form.task-form"));
    await expect.poll(() => chair.page.getByLabel("Nội dung nhiệm vụ").inputValue()).toBe(directive);
    await chair.page
      .getByLabel("Đơn vị/cá nhân chủ trì")
      .selectOption({ label: "Phòng Kinh tế, Hạ tầng và Đô thị" });
    await form.getByRole("button", { name: "Giao việc", exact: true }).click();
    await chair.page.getByText("Đã giao việc.").waitFor();
    await chair.page.getByRole("link", { name: directive }).waitFor();

    // The unit's member finds it under "Việc của tôi" and sees where it comes from.
    await member.goto("/tasks");
    const link = member.page.getByRole("link", { name: directive });
    await link.waitFor({ timeout: SYNC_TIMEOUT });
    await link.click();
    await member.page.getByRole("heading", { level: 1, name: directive }).waitFor();
    await member.page.getByText("Từ kết luận cuộc họp").waitFor();
    await member.page.getByText("Chưa hoàn thành – trong hạn").first().waitFor();
    // The lead unit's member may mark it done; the chair's device sees it.
    await member.page.getByRole("button", { name: "Đánh dấu hoàn thành" }).click();
    await member.page.getByText("Hoàn thành đúng hạn").first().waitFor();
    await chair.goto("/tasks?view=assigned");
    await chair.page.getByRole("link", { name: directive }).waitFor();
    await chair.page
      .getByRole("listitem")
      .filter({ hasText: directive })
      .getByText("Hoàn thành đúng hạn")
      .waitFor({ timeout: SYNC_TIMEOUT });
    expect([...chair.errors, ...member.errors].filter((e) => e.startsWith("pageerror"))).toEqual([]);
  }, 120_000);
});
