export * from "./carry-over.ts";
export {
  geometryFromEntry,
  geometryToEntry,
  privateAnnotationsOf,
  roundCoordinate,
  sharedAnnotationsOf,
} from "./entries.ts";
export * from "./fuzzy.ts";
export * from "./geometry.ts";
export * from "./hit-test.ts";
export * from "./private-changes.ts";
export * from "./quote.ts";
export * from "./schemas.ts";
export * from "./selection.ts";
export * from "./selectors.ts";
export * from "./shared-changes.ts";
export * from "./summary.ts";
export * from "./text-quads.ts";
export * from "./types.ts";
export * from "./viewport.ts";
