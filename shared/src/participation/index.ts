export * from "./participation.ts";
