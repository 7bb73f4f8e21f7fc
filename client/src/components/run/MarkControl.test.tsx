import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setLocale } from "../../i18n/index.ts";
import { MarkControl } from "./AttendancePanel.tsx";

afterEach(cleanup);
beforeEach(() => setLocale("vi"));

describe("the secretary's attendance mark buttons", () => {
  it("show 'Ghi' and are each named after their member, so a screen reader tells them apart", () => {
    const marked: string[] = [];
    render(() => (
      <table>
        <tbody>
          {["Trần Thị Mai", "Lê Văn Hùng", "Phạm Thu Hà"].map((name) => (
            <tr>
              <td>
                <MarkControl name={name} disabled={false} onMark={(s) => marked.push(`${name}:${s}`)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    ));
    const buttons = screen.getAllByRole("button");
    expect(buttons.map((b) => b.textContent)).toEqual(["Ghi", "Ghi", "Ghi"]);
    const hung = screen.getByRole("button", { name: "Ghi điểm danh cho Lê Văn Hùng" });
    fireEvent.click(hung);
    expect(marked).toEqual(["Lê Văn Hùng:present"]);
    expect(screen.getByRole("button", { name: "Ghi điểm danh cho Trần Thị Mai" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Ghi điểm danh cho Phạm Thu Hà" })).toBeTruthy();
  });
});
