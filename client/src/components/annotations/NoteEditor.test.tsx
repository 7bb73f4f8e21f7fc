import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MyAnnotationView } from "../../../../shared/src/index.ts";
import { setLocale } from "../../i18n/index.ts";
import { MyItem } from "./AnnotationPanel.tsx";

afterEach(cleanup);
beforeEach(() => setLocale("vi"));

const NOTE = {
  id: "n1",
  kind: "note",
  color: "yellow",
  pageIndex: 0,
  geometry: { kind: "note", point: [100, 500] },
  text: "",
  quote: null,
  visibility: "private",
  sharedAt: null,
} as unknown as MyAnnotationView;

function renderNote(saved: Array<{ text?: string }>) {
  render(() => (
    <ul>
      <MyItem
        annotation={NOTE}
        selected
        fileLabel={null}
        editNow
        onEditOpened={() => undefined}
        canShare={false}
        onJump={() => undefined}
        onSave={(p) => saved.push(p)}
        onDelete={() => undefined}
        onShare={() => undefined}
      />
    </ul>
  ));
}

describe("the sticky-note editor", () => {
  it("closes on Escape once text is typed, keeping the text as a draft that Sửa brings back", async () => {
    const saved: Array<{ text?: string }> = [];
    renderNote(saved);
    const box = screen.getByRole("textbox", { name: "Nội dung ghi chú" }) as HTMLTextAreaElement;
    box.value = "Đề nghị làm rõ nguồn kinh phí";
    fireEvent.input(box);
    fireEvent.keyDown(box, { key: "Escape" });
    expect(screen.queryByRole("textbox", { name: "Nội dung ghi chú" })).toBeNull();
    expect(screen.getByRole("status").textContent).toContain("bản nháp");
    expect(saved).toEqual([]); // nothing saved behind the user's back
    await Promise.resolve();
    expect(document.activeElement?.textContent).toBe("Sửa"); // focus back where the editor was opened

    fireEvent.click(screen.getByRole("button", { name: "Sửa" }));
    const again = screen.getByRole("textbox", { name: "Nội dung ghi chú" }) as HTMLTextAreaElement;
    expect(again.value).toBe("Đề nghị làm rõ nguồn kinh phí");
    fireEvent.click(screen.getByRole("button", { name: "Lưu" }));
    expect(saved).toEqual([{ text: "Đề nghị làm rõ nguồn kinh phí", color: "yellow" }]);
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("Hủy discards the typed text", () => {
    const saved: Array<{ text?: string }> = [];
    renderNote(saved);
    const box = screen.getByRole("textbox", { name: "Nội dung ghi chú" }) as HTMLTextAreaElement;
    box.value = "Bỏ đi";
    fireEvent.click(screen.getByRole("button", { name: "Hủy" }));
    expect(screen.queryByRole("status")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Sửa" }));
    expect((screen.getByRole("textbox", { name: "Nội dung ghi chú" }) as HTMLTextAreaElement).value).toBe("");
    expect(saved).toEqual([]);
  });
});
