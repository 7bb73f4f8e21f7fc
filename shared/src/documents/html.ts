import { numberAndSymbol, placeAndDate } from "./format.ts";
import {
  BODY_LINE_HEIGHT,
  FIRST_LINE_INDENT_MM,
  MARGIN_MM,
  PARAGRAPH_SPACING,
  SIGNATURE_SPACE_MM,
  SIZE,
} from "./geometry.ts";
import type { AdministrativeDocument, BodyBlock, FontFace, SignatureBlock, TextRun } from "./model.ts";
import { NATIONAL_MOTTO, NATIONAL_TITLE, RECIPIENTS_LABEL, recipientLines, upper } from "./text.ts";

/** Options of {@link renderDocumentHtml}. */
export interface HtmlOptions {
  /**
   * URLs of the Tinos faces (e.g. the client's `?url` imports) for @font-face rules; without them the
   * page uses Times New Roman, Tinos or Liberation Serif if the system has one.
   */
  readonly fontUrls?: Partial<Readonly<Record<FontFace, string>>>;
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.normalize("NFC").replace(/[&<>"']/gu, (c) => ESCAPES[c]!);
}

/** A URL for a CSS `url("…")` inside a <style> element: no quotes, backslashes, newlines or "<". */
function cssUrl(url: string): string {
  return url.replace(/["\\\n\r<>]/gu, (c) => `\\${c.charCodeAt(0).toString(16)} `);
}

const FACE_CSS: Readonly<Record<FontFace, string>> = {
  regular: "font-weight:400;font-style:normal",
  bold: "font-weight:700;font-style:normal",
  italic: "font-weight:400;font-style:italic",
  boldItalic: "font-weight:700;font-style:italic",
};

function runHtml(run: TextRun): string {
  const text = escapeHtml(run.text);
  switch (run.face ?? "regular") {
    case "bold":
      return `<b>${text}</b>`;
    case "italic":
      return `<i>${text}</i>`;
    case "boldItalic":
      return `<b><i>${text}</i></b>`;
    default:
      return text;
  }
}

function blockHtml(block: BodyBlock): string {
  return `<p class="${block.kind}">${block.runs.map(runHtml).join("")}</p>`;
}

function signatureHtml(block: SignatureBlock): string {
  const authority = block.authority.map((l) => `<div>${escapeHtml(upper(l))}</div>`).join("");
  return `<div class="signature">${authority}<div class="sign-space"></div><div>${escapeHtml(block.fullName.trim())}</div></div>`;
}

function recipientsHtml(entries: readonly string[]): string {
  if (entries.length === 0) return "";
  const lines = recipientLines(entries)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join("");
  return `<div class="recipients"><div class="label">${escapeHtml(RECIPIENTS_LABEL)}</div><ul>${lines}</ul></div>`;
}

/**
 * The same document as a standalone printable HTML page: A4 with the decree's margins and sizes
 * (@page), the two-column header, the justified body, page numbers from page 2 in the top margin
 * (CSS page margin boxes, where the browser supports them), signatures and recipients. Every text is
 * escaped; the page loads nothing unless `fontUrls` are given.
 */
export function renderDocumentHtml(doc: AdministrativeDocument, options: HtmlOptions = {}): string {
  const fontFaces = Object.entries(options.fontUrls ?? {})
    .map(
      ([face, url]) =>
        `@font-face{font-family:"HopSo Tinos";src:url("${cssUrl(url)}") format("truetype");${FACE_CSS[face as FontFace]}}`,
    )
    .join("\n");
  const title = `${upper(doc.typeName)} ${doc.summary}`;
  const css = `${fontFaces}
@page{size:A4;margin:${MARGIN_MM.top}mm ${MARGIN_MM.right}mm ${MARGIN_MM.bottom}mm ${MARGIN_MM.left}mm;
  @top-center{content:counter(page);font:${SIZE.pageNumber}pt "HopSo Tinos","Times New Roman",Tinos,"Liberation Serif",serif}}
@page:first{@top-center{content:none}}
*{box-sizing:border-box}
body{margin:0;color:#000;background:#fff;font-family:"HopSo Tinos","Times New Roman",Tinos,"Liberation Serif",serif;font-size:${SIZE.body}pt;line-height:${BODY_LINE_HEIGHT}}
@media screen{body{max-width:210mm;margin:0 auto;padding:${MARGIN_MM.top}mm ${MARGIN_MM.right}mm ${MARGIN_MM.bottom}mm ${MARGIN_MM.left}mm}}
table.header{width:100%;border-collapse:collapse;line-height:1.2}
table.header td{vertical-align:top;text-align:center;padding:0;text-wrap:balance}
table.header td.left{width:40%}
.superior{font-size:${SIZE.issuer}pt}
.issuer{font-size:${SIZE.issuer}pt;font-weight:700}
.national{font-size:${SIZE.nationalTitle}pt;font-weight:700;white-space:nowrap}
.motto{font-size:${SIZE.motto}pt;font-weight:700;display:inline-block;white-space:nowrap}
.rule-short::after{content:"";display:block;width:40%;margin:3pt auto 0;border-bottom:0.6pt solid #000}
.rule-full{border-bottom:0.6pt solid #000;padding-bottom:1pt}
.number{font-size:${SIZE.number}pt;padding-top:18pt}
.place-date{font-size:${SIZE.placeDate}pt;font-style:italic;padding-top:18pt}
.title{margin-top:24pt;text-align:center;font-weight:700;font-size:${SIZE.title}pt;line-height:1.2}
.summary{margin:0 auto;max-width:85%;text-wrap:balance}
.summary::after{content:"";display:block;width:40%;margin:5pt auto 0;border-bottom:0.6pt solid #000}
.body{margin-top:18pt}
.body p{margin:0 0 ${PARAGRAPH_SPACING}pt;text-align:justify;text-indent:${FIRST_LINE_INDENT_MM}mm;orphans:2;widows:2}
.body p.heading,.body p:last-child{break-after:avoid}
.closing{display:flex;gap:10pt;margin-top:6pt;break-inside:avoid}
.closing.two{flex-wrap:wrap}
.closing .cell{flex:1;text-align:center}
.closing .recipients-cell{flex:1;text-align:left}
.closing.two .recipients-cell{flex-basis:100%;margin-top:18pt}
.signature{font-weight:700;font-size:${SIZE.signature}pt;line-height:1.2;text-align:center}
.sign-space{height:${SIGNATURE_SPACE_MM}mm}
.recipients{line-height:1.2}
.recipients .label{font-size:${SIZE.recipientsLabel}pt;font-weight:700;font-style:italic}
.recipients ul{margin:0;padding:0;list-style:none;font-size:${SIZE.recipients}pt}`;

  const superior = doc.issuer.superior
    ? `<div class="superior">${escapeHtml(upper(doc.issuer.superior))}</div>`
    : "";
  const header = `<table class="header"><tr>
<td class="left">${superior}<div class="issuer rule-short">${escapeHtml(upper(doc.issuer.name))}</div></td>
<td class="right"><div class="national">${escapeHtml(NATIONAL_TITLE)}</div><div class="motto rule-full">${escapeHtml(NATIONAL_MOTTO)}</div></td>
</tr><tr>
<td class="number">${escapeHtml(numberAndSymbol(doc.number, doc.typeCode, doc.issuer.code))}</td>
<td class="place-date">${escapeHtml(placeAndDate(doc.place, doc.date))}</td>
</tr></table>`;
  const titleHtml = `<div class="title"><div>${escapeHtml(upper(doc.typeName))}</div><div class="summary">${escapeHtml(doc.summary.trim())}</div></div>`;
  const body = `<div class="body">${doc.body.map(blockHtml).join("\n")}</div>`;
  const recipients = `<div class="recipients-cell">${recipientsHtml(doc.recipients)}</div>`;
  const closing =
    doc.signatures.length <= 1
      ? `<div class="closing">${recipients}<div class="cell">${doc.signatures[0] ? signatureHtml(doc.signatures[0]) : ""}</div></div>`
      : `<div class="closing two">${doc.signatures.map((s) => `<div class="cell">${signatureHtml(s)}</div>`).join("")}${recipients}</div>`;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${css}
</style>
</head>
<body>
${header}
${titleHtml}
${body}
${closing}
</body>
</html>
`;
}
