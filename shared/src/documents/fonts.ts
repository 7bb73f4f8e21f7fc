import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument } from "pdf-lib";
import type { FontFace } from "./model.ts";

/** The fontkit interface pdf-lib takes (not exported by name from "pdf-lib"). */
type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

/**
 * The font files of the four faces, TrueType bytes. Documents use Tinos (Google Fonts, SIL OFL 1.1):
 * metric-compatible with Times New Roman, which Decree 30/2020/NĐ-CP prescribes, with every Vietnamese
 * letter precomposed. pdf-lib embeds only the glyphs a document uses (a subset).
 *
 * shared/ reads no files and imports no bundler-specific URLs, so the caller brings the bytes (like the
 * clock): in the client, Vite `?url` imports of {@link TINOS_FONT_FILES} fetched once (the service
 * worker precaches .ttf); in Node, `readFile(createRequire(import.meta.url).resolve(file))`; in tests,
 * `?inline` imports (see test-support.ts). {@link loadDocumentFonts} takes such a reader.
 */
export type DocumentFonts = Readonly<Record<FontFace, Uint8Array>>;

/** Package paths of the Tinos faces (npm @expo-google-fonts/tinos 0.4.2, OFL-1.1). */
export const TINOS_FONT_FILES: Readonly<Record<FontFace, string>> = {
  regular: "@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf",
  bold: "@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf",
  italic: "@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf",
  boldItalic: "@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf",
};

const FACES: readonly FontFace[] = ["regular", "bold", "italic", "boldItalic"];

/**
 * Loads the four faces through `read` (given each face's package path from {@link TINOS_FONT_FILES}).
 * @throws whatever `read` throws; RangeError when a file is not a TrueType/OpenType font
 */
export async function loadDocumentFonts(
  read: (file: string, face: FontFace) => Promise<Uint8Array | ArrayBuffer>,
): Promise<DocumentFonts> {
  const bytes = await Promise.all(
    FACES.map(async (face) => {
      const data = await read(TINOS_FONT_FILES[face], face);
      const view = data instanceof Uint8Array ? data : new Uint8Array(data);
      if (!isSfnt(view)) throw new RangeError(`not a TrueType/OpenType font: ${TINOS_FONT_FILES[face]}`);
      return view;
    }),
  );
  return Object.fromEntries(FACES.map((face, i) => [face, bytes[i]!])) as DocumentFonts;
}

/** True for TrueType (0x00010000, "true") and OpenType/CFF ("OTTO") font files. */
function isSfnt(b: Uint8Array): boolean {
  if (b.length < 12) return false;
  const tag = String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!);
  return tag === "\u0000\u0001\u0000\u0000" || tag === "true" || tag === "OTTO";
}

/**
 * @pdf-lib/fontkit with one fix. Its TrueType subsetter (1.1.1, the last release) writes the short
 * `loca` format (offsets / 2) whenever the glyph data is under 64 KiB, which is only valid when every
 * glyph record has an even length. Current Google Fonts builds, Tinos included, store unpadded records
 * (a third of Tinos's glyphs have odd lengths), so the subset's outlines were garbled: most letters
 * rendered blank. Forcing the long format (offsets as they are, always valid) fixes it at a few bytes
 * per glyph. The check in pdf.test.ts ("glyph outlines survive subsetting") fails if this regresses.
 */
export const patchedFontkit: Fontkit = {
  create(buffer, postscriptName) {
    const font = fontkit.create(buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      // TTFSubset.encode() assigns `this.loca = { offsets: [] }` and then calls loca.preEncode, which
      // picks the format only when `version` is unset.
      let loca: { version?: number } | undefined;
      Object.defineProperty(subset, "loca", {
        configurable: true,
        get: () => loca,
        set: (value: { version?: number } | undefined) => {
          loca = value;
          if (loca && loca.version === undefined) loca.version = 1;
        },
      });
      return subset;
    };
    return font;
  },
};
