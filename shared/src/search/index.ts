export * from "./document-index.ts";
export { normalizePageText, type PreparedQuery, prepareQuery } from "./normalize.ts";
export type { TextRange } from "./phrase.ts";
export type { Snippet, SnippetOptions } from "./snippet.ts";
export * from "./text-items.ts";
export * from "./types.ts";
