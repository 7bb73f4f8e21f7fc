export * from "./notice.ts";
