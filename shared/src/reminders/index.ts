export * from "./digest.ts";
export * from "./documents.ts";
export * from "./due.ts";
export * from "./quiet-hours.ts";
export * from "./rules.ts";
export * from "./schedule.ts";
export * from "./types.ts";
export * from "./validate.ts";
