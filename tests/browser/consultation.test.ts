import { describe, expect, it } from "vitest";
import { zonedToUtc } from "../../shared/src/index.ts";
import { browserSuite, DEMO_PEOPLE, expectText, SYNC_TIMEOUT, vnDate } from "./harness.ts";

const suite = browserSuite();
const device = suite.device;

describe("written consultation", () => {
  it("answered offline is counted after reconnecting; refused after its deadline; closed with results", async ({
    onTestFailed,
  }) => {
    onTestFailed(async () => {
      const parts = await Promise.all(suite.devices.map((d) => d.describe()));
      console.error(parts.join("\n"), "\n--- relay\n", suite.relay?.logTail());
    });
    const [secretary, member] = await Promise.all([
      device("Thư ký", DEMO_PEOPLE.secretary),
      device("Thành viên", DEMO_PEOPLE.vice1),
    ]);
    const title = "Lấy ý kiến dự thảo quy chế tiếp công dân";
    const date = vnDate(1);
    const [d, m, y] = date.split("/");
    const deadline = Date.parse(zonedToUtc(`${y}-${m}-${d}`, "17:00"));

    // The secretary makes it: details, two named members, one question; then sends it.
    const s = secretary.page;
    await s.getByRole("link", { name: "Lấy ý kiến", exact: true }).click();
    await s.getByRole("heading", { level: 1, name: "Phiếu lấy ý kiến" }).waitFor();
    await s.getByRole("button", { name: "Tạo phiếu lấy ý kiến" }).click();
    const form = s.getByRole("form", { name: "Tạo phiếu lấy ý kiến" });
    await form.getByRole("textbox", { name: "Tiêu đề" }).fill(title);
    await form.getByRole("textbox", { name: "Hạn trả lời (ngày, dd/MM/yyyy)" }).fill(date);
    await form.getByRole("textbox", { name: "Giờ (HH:mm)" }).fill("17:00");
    await form.getByRole("checkbox", { name: new RegExp(`^${DEMO_PEOPLE.vice1}`) }).check();
    await form.getByRole("checkbox", { name: new RegExp(`^${DEMO_PEOPLE.urban}`) }).check();
    await form.getByRole("button", { name: "Tạo phiếu" }).click();
    await s.getByRole("heading", { level: 1, name: title }).waitFor();
    const question = s.getByRole("form", { name: "Thêm câu hỏi" });
    await question.getByRole("textbox", { name: "Câu hỏi" }).fill("Đồng ý ban hành quy chế theo dự thảo?");
    await question
      .getByRole("textbox", { name: "Các phương án (mỗi dòng một phương án)" })
      .fill("Đồng ý\nKhông đồng ý");
    await question.getByRole("button", { name: "Thêm câu hỏi" }).click();
    await s.getByRole("button", { name: "Gửi phiếu", exact: true }).click();
    await expectText(s.getByTestId("consultation-phase"), "Đang lấy ý kiến");
    await secretary.sync.waitForSynced();
    const path = new URL(s.url()).pathname;

    // The member finds it in her list (the relay lists it for her: she is named).
    const p = member.page;
    await expect
      .poll(
        async () => {
          // The list asks the relay when the page opens, then opens each document: give every visit
          // time to finish (reloading every second could interrupt a slow load forever).
          await member.goto("/consultations");
          return p
            .getByRole("link", { name: title })
            .waitFor({ timeout: 8_000 })
            .then(
              () => 1,
              () => 0,
            );
        },
        { timeout: SYNC_TIMEOUT, interval: 1000 },
      )
      .toBe(1);
    await p.getByRole("link", { name: title }).click();
    await expectText(p.getByTestId("consultation-phase"), "Đang lấy ý kiến", SYNC_TIMEOUT);

    // She loses the network and answers: saved on her tablet; the secretary has no answer yet.
    await member.context.setOffline(true);
    await p.getByRole("radio", { name: "Đồng ý", exact: true }).check();
    await p.getByRole("button", { name: "Gửi phiếu trả lời" }).click();
    await expectText(p.getByTestId("my-answer"), /^Bạn đã gửi phiếu trả lời lúc/);
    await expectText(s.getByText(/đã trả lời$/).first(), /0\/2 đã trả lời/);
    await new Promise((r) => setTimeout(r, 1500));
    await expectText(s.getByText(/đã trả lời$/).first(), /0\/2 đã trả lời/);

    // Back online: it reaches the secretary and is counted; the other member is listed as not answered.
    await member.context.setOffline(false);
    await expectText(s.getByText(/đã trả lời$/).first(), /1\/2 đã trả lời/, SYNC_TIMEOUT);
    const agreeRow = s.getByTestId("question-result").getByRole("row", { name: /^Đồng ý/ });
    await expect.poll(() => agreeRow.getByRole("cell").allTextContents()).toEqual(["1", "100 %"]);
    await expectText(s.getByTestId("non-respondents"), DEMO_PEOPLE.urban);
    await expectText(s.getByTestId("submissions"), /Được tính/);
    await member.sync.waitForSynced();

    // Her tablet's clock is now past the deadline: the consultation says so and takes no answer.
    await member.context.clock.install({ time: deadline + 3_600_000 });
    await member.goto(path);
    await expectText(p.getByTestId("consultation-phase"), "Đã hết hạn, chờ đóng phiếu", SYNC_TIMEOUT);
    expect(await p.getByRole("button", { name: "Gửi phiếu trả lời" }).isDisabled()).toBe(true);

    // The secretary closes it: the results are final and her answer still counts.
    await s.getByRole("button", { name: "Đóng phiếu" }).click();
    await expectText(s.getByTestId("consultation-phase"), "Đã đóng");
    await expectText(s.getByText(/đã trả lời$/).first(), /1\/2 đã trả lời/);
    await expectText(p.getByTestId("consultation-phase"), "Đã đóng", SYNC_TIMEOUT);
    expect(suite.devices.flatMap((dv) => dv.errors).filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });
});
