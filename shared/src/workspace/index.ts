export * from "./types.ts";
export * from "./workspace.ts";
