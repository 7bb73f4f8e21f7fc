export * from "./changes.ts";
export * from "./migrations.ts";
export * from "./selectors.ts";
export * from "./statistics.ts";
export * from "./status.ts";
export * from "./types.ts";
export * from "./validate.ts";
