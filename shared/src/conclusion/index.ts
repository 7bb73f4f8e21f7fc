export * from "./conclusion.ts";
