export * from "./holidays.ts";
export * from "./local-date.ts";
export * from "./lunar.ts";
export * from "./settings.ts";
export * from "./working-calendar.ts";
