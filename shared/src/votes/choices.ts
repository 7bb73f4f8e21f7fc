import { type Choice, ChoiceMeaning } from "./types.ts";

/** Ids of the choice presets. */
export const ChoicePresetId = {
  Standard: "standard",
  Council: "council",
} as const;
export type ChoicePresetId = (typeof ChoicePresetId)[keyof typeof ChoicePresetId];

/**
 * The default ballot, as on the National Assembly's electronic voting (GLOSSARY "choices"):
 * Tán thành (approve) / Không tán thành (reject) / Không biểu quyết (abstain).
 */
export const STANDARD_CHOICES: readonly Choice[] = Object.freeze([
  { id: "approve", label: "Tán thành", meaning: ChoiceMeaning.Approve },
  { id: "reject", label: "Không tán thành", meaning: ChoiceMeaning.Reject },
  { id: "abstain", label: "Không biểu quyết", meaning: ChoiceMeaning.Abstain },
]);

/**
 * The People's Council ballot many HĐND voting systems use: Đồng ý (approve) / Không đồng ý (reject) /
 * Phiếu trắng (blank ballot).
 */
export const COUNCIL_CHOICES: readonly Choice[] = Object.freeze([
  { id: "approve", label: "Đồng ý", meaning: ChoiceMeaning.Approve },
  { id: "reject", label: "Không đồng ý", meaning: ChoiceMeaning.Reject },
  { id: "blank", label: "Phiếu trắng", meaning: ChoiceMeaning.Blank },
]);

/** The choices of a preset, as a fresh array of fresh objects (safe to write into a document). */
export function choicePreset(id: ChoicePresetId = ChoicePresetId.Standard): Choice[] {
  const preset = id === ChoicePresetId.Council ? COUNCIL_CHOICES : STANDARD_CHOICES;
  return preset.map((c) => ({ ...c }));
}
