export * from "./errors.ts";
export * from "./ids.ts";
export * from "./meeting/index.ts";
export * from "./schema/immutable.ts";
export * from "./schema/migrations.ts";
export * from "./text.ts";
export * from "./time.ts";
export * from "./workspace/index.ts";
