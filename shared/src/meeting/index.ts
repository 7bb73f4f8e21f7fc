export * from "./changes.ts";
export * from "./migrations.ts";
export * from "./ordering.ts";
export * from "./papers.ts";
export * from "./selectors.ts";
export * from "./types.ts";
export * from "./validate.ts";
