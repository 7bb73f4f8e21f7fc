export * from "./choices.ts";
export * from "./keys.ts";
export * from "./rules.ts";
export * from "./signing.ts";
export * from "./tally.ts";
export * from "./types.ts";
export * from "./validate.ts";
