// @vitest-environment jsdom
import { describe, expect, test } from "vitest";
import { conclusionNoticeDocument } from "./conclusion-notice.ts";
import { escapeHtml, renderDocumentHtml } from "./html.ts";
import { minutesDocument } from "./minutes.ts";
import { LONG_PARAGRAPH, sampleMinutesInput, sampleNoticeInput } from "./test-support.ts";
import { NATIONAL_MOTTO, NATIONAL_TITLE } from "./text.ts";

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, "text/html");
}

/** Text of an element, a space between its children (jsdom has no layout, so no innerText). */
function text(el: Element | null): string {
  if (!el) return "";
  const parts =
    el.children.length > 0 ? [...el.children].map((c) => c.textContent ?? "") : [el.textContent ?? ""];
  return parts.join(" ").replace(/\s+/gu, " ").trim();
}

describe("printable HTML", () => {
  const notice = conclusionNoticeDocument(sampleNoticeInput(2));
  const html = renderDocumentHtml(notice);
  const dom = parse(html);

  test("a standalone Vietnamese page with the same header, title and body", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(dom.documentElement.lang).toBe("vi");
    expect(dom.title).toContain("THÔNG BÁO Kết luận của Chủ tịch");
    expect(text(dom.querySelector("td.left"))).toBe(
      "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH ỦY BAN NHÂN DÂN QUẬN BÌNH THẠNH",
    );
    expect(text(dom.querySelector(".national"))).toBe(NATIONAL_TITLE);
    expect(text(dom.querySelector(".motto"))).toBe(NATIONAL_MOTTO);
    expect(text(dom.querySelector(".number"))).toBe("Số: 05/TB-UBND");
    expect(text(dom.querySelector(".place-date"))).toBe("Bình Thạnh, ngày 05 tháng 12 năm 2026");
    const paragraphs = [...dom.querySelectorAll(".body p")];
    expect(paragraphs.map((p) => p.textContent)).toEqual(
      notice.body.map((b) => b.runs.map((r) => r.text).join("")),
    );
    expect(paragraphs.some((p) => p.textContent === LONG_PARAGRAPH)).toBe(true);
    expect(paragraphs.at(-1)!.textContent).toMatch(/\.\/\.$/u);
    expect(text(dom.querySelector(".signature"))).toBe("TL. CHỦ TỊCH CHÁNH VĂN PHÒNG Trần Thị Bích Ngọc");
    expect([...dom.querySelectorAll(".recipients li")].map((li) => li.textContent).at(-1)).toBe("- Lưu: VT.");
  });

  test("print CSS: A4, the decree's margins, page numbers from page 2", () => {
    const css = dom.querySelector("style")!.textContent!;
    expect(css).toContain("@page{size:A4;margin:20mm 15mm 20mm 30mm;");
    expect(css).toContain("@top-center{content:counter(page)");
    expect(css).toContain("@page:first{@top-center{content:none}}");
    expect(css).toContain("text-align:justify;text-indent:10mm");
  });

  test("all text is escaped", () => {
    const evil = conclusionNoticeDocument({
      ...sampleNoticeInput(1),
      summary: `<script>alert("x")</script> & 'q'`,
      sections: [{ heading: "<img src=x onerror=alert(1)>", text: "a < b && c > d" }],
    });
    const out = renderDocumentHtml(evil);
    const doc = parse(out);
    expect(doc.querySelector("script, img")).toBeNull();
    expect(text(doc.querySelector(".summary"))).toBe(`<script>alert("x")</script> & 'q'`);
    expect(text(doc.querySelector(".body"))).toContain("a < b && c > d");
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  test("font URLs become @font-face rules, escaped for CSS", () => {
    const out = renderDocumentHtml(notice, {
      fontUrls: { regular: "/assets/Tinos_400Regular-abc.ttf", bold: 'x"){}</style><script>' },
    });
    const css = parse(out).querySelector("style")!.textContent!;
    expect(css).toContain('@font-face{font-family:"HopSo Tinos";src:url("/assets/Tinos_400Regular-abc.ttf")');
    expect(css).toContain("font-weight:700;font-style:normal");
    expect(out).not.toContain("<script>");
    expect(parse(out).querySelector("script")).toBeNull();
  });

  test("minutes: two signatures side by side, recipients below", () => {
    const dom2 = parse(renderDocumentHtml(minutesDocument(sampleMinutesInput())));
    expect(dom2.querySelector(".closing.two")).not.toBeNull();
    expect([...dom2.querySelectorAll(".signature")].map(text)).toEqual([
      "THƯ KÝ Trần Thị Bích Ngọc",
      "CHỦ TRÌ Nguyễn Văn An",
    ]);
    expect(text(dom2.querySelector(".body"))).toContain("Kết quả: THÔNG QUA.");
  });
});
