export * from "./directory.ts";
export * from "./types.ts";
export * from "./workspace.ts";
