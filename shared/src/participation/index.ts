export * from "./own-entries.ts";
export * from "./participation.ts";
export * from "./receipts.ts";
