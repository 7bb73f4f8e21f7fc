export * from "./participation.ts";
export * from "./receipts.ts";
