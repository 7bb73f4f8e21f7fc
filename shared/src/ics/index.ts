export * from "./meeting-invitation.ts";
export { foldLines, PRODUCT_ID } from "./serialize.ts";
export * from "./task-feed.ts";
