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
  const faces = (Object.keys(fonts) as FontFace[]).map((face) => patchedFontkit.create(fonts[face]));
  const missing = new Set<string>();
  for (const text of textsOf(doc)) {
    const nfc = text.normalize("NFC");
    for (const ch of `${nfc}${nfc.toLocaleUpperCase("vi")}`) {
      const cp = ch.codePointAt(0)!;
      if (/\s/u.test(ch) || cp < 0x20) continue;
      if (faces.some((f) => !f.hasGlyphForCodePoint(cp))) missing.add(ch);
    }
  }
  return [...missing];
}
