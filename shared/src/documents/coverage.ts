import { type DocumentFonts, patchedFontkit } from "./fonts.ts";
import type { AdministrativeDocument, FontFace } from "./model.ts";

function textsOf(doc: AdministrativeDocument): string[] {
  return [
    doc.issuer.superior ?? "",
    doc.issuer.name,
    doc.issuer.code,
    doc.typeCode,
    doc.place,
    doc.typeName,
    doc.summary,
    ...doc.body.flatMap((b) => b.runs.map((r) => r.text)),
    ...doc.signatures.flatMap((s) => [...s.authority, s.fullName]),
    ...doc.recipients,
  ];
}

/**
 * Characters of the document that a face of the font cannot draw (they would print as empty boxes):
 * emoji, CJK, rare symbols pasted from elsewhere. Vietnamese, Latin, Greek and Cyrillic letters and
 * common punctuation are all in Tinos. Upper- and lower-case forms are both checked, since titles and
 * signatures are printed upper-case.
 *
 * @returns the missing characters (NFC, each once, in order of appearance); empty when all can be drawn
 */
export function unsupportedCharacters(doc: AdministrativeDocument, fonts: DocumentFonts): string[] {
  const drawable = glyphCheck(fonts);
  const missing = new Set<string>();
  for (const text of textsOf(doc)) {
    const nfc = text.normalize("NFC");
    for (const ch of `${nfc}${nfc.toLocaleUpperCase("vi")}`) {
      if (!drawable(ch)) missing.add(ch);
    }
  }
  return [...missing];
}

/** `ch` (one code point) can be drawn by every face, in its own case and upper-case; whitespace and controls count as drawable. */
function glyphCheck(fonts: DocumentFonts): (ch: string) => boolean {
  const faces = (Object.keys(fonts) as FontFace[]).map((face) => patchedFontkit.create(fonts[face]));
  const known = new Map<string, boolean>();
  const one = (c: string) => {
    const cp = c.codePointAt(0)!;
    return /\s/u.test(c) || cp < 0x20 || faces.every((f) => f.hasGlyphForCodePoint(cp));
  };
  return (ch) => {
    let ok = known.get(ch);
    if (ok === undefined) {
      ok = one(ch) && [...ch.toLocaleUpperCase("vi")].every(one);
      known.set(ch, ok);
    }
    return ok;
  };
}

/** Invisible helpers of emoji sequences (format characters such as the zero-width joiner, variation
 * selectors, skin-tone modifiers): left out, never listed. */
function isInvisibleHelper(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (
    /^\p{Cf}$/u.test(ch) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff)
  );
}

/**
 * The document without the characters the embedded font cannot draw (emoji, CJK, rare symbols pasted
 * from elsewhere), so an official document never prints an empty box (□). A space left doubled or at
 * an end by a removal is tidied. Text is NFC-normalized.
 *
 * @returns the cleaned document, and `omitted`: the visible characters left out (each once, in order of
 *   appearance; joiners and variation selectors of emoji are removed silently) — empty when nothing was
 */
export function withoutUnsupportedCharacters(
  doc: AdministrativeDocument,
  fonts: DocumentFonts,
): { doc: AdministrativeDocument; omitted: string[] } {
  const drawable = glyphCheck(fonts);
  const omitted = new Set<string>();
  /** `edges`: also trim spaces a removal left at the start or end (not for body runs, which join). */
  const clean = (text: string, edges = true): string => {
    const nfc = text.normalize("NFC");
    let out = "";
    let changed = false;
    for (const ch of nfc) {
      if (drawable(ch)) out += ch;
      else {
        changed = true;
        if (!isInvisibleHelper(ch)) omitted.add(ch);
      }
    }
    if (!changed) return nfc;
    const tidy = out.replace(/[ \t]{2,}/g, " ");
    return edges ? tidy.replace(/^[ \t]+|[ \t]+$/gm, "") : tidy;
  };
  const cleaned: AdministrativeDocument = {
    ...doc,
    issuer: {
      superior: doc.issuer.superior === null ? null : clean(doc.issuer.superior),
      name: clean(doc.issuer.name),
      code: clean(doc.issuer.code),
    },
    typeCode: clean(doc.typeCode),
    place: clean(doc.place),
    typeName: clean(doc.typeName),
    summary: clean(doc.summary),
    body: doc.body.map((b) => ({ ...b, runs: b.runs.map((r) => ({ ...r, text: clean(r.text, false) })) })),
    signatures: doc.signatures.map((sig) => ({
      authority: sig.authority.map((line) => clean(line)),
      fullName: clean(sig.fullName),
    })),
    recipients: doc.recipients.map((r) => clean(r)),
  };
  return { doc: cleaned, omitted: [...omitted] };
}
