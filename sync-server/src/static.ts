import { createReadStream, type Stats } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { type Context, Hono } from "hono";
import { getMimeType } from "hono/utils/mime";
import { ApiError, ApiErrorCode } from "./errors.ts";

/** Hashed build output: the name changes whenever the content does, so it may be cached forever. */
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";
/** Everything else (index.html, sw.js, the manifest, icons): revalidate on every use. */
export const REVALIDATE_CACHE = "no-cache";

/**
 * Serves the built PWA from `distDir` (vite build output) for GET and HEAD:
 * - files under /assets/ are content-hashed: `Cache-Control: public, max-age=31536000, immutable`;
 *   other files (index.html, sw.js, manifest.webmanifest…) `no-cache`, with an ETag for cheap
 *   revalidation (304);
 * - a navigation (Accept: text/html or Sec-Fetch-Mode: navigate) to a path that is not a file and has
 *   no extension gets index.html (SPA fallback); a missing asset is a 404, never index.html;
 * - content types from the extension (application/wasm, application/manifest+json, …);
 * - dot-files and paths escaping `distDir` are 404;
 * - without dist/index.html every request is answered 503 `pwa_not_built` ("run npm run build").
 *
 * Mount it last: it answers every GET/HEAD path the routes before it did not.
 */
export function staticRoutes(distDir: string): Hono {
  const root = path.resolve(distDir);
  const indexFile = path.join(root, "index.html");
  return new Hono().on(["GET", "HEAD"], "*", async (c) => {
    const indexStats = await statOrNull(indexFile);
    if (!indexStats?.isFile()) {
      throw new ApiError(
        503,
        ApiErrorCode.PwaNotBuilt,
        `The PWA is not built (${indexFile} is missing): run npm run build`,
      );
    }
    const urlPath = decodePath(new URL(c.req.url).pathname);
    if (urlPath === null) throw notFound();
    const relative = urlPath.endsWith("/") ? `${urlPath}index.html` : urlPath;
    const file = path.join(root, relative);
    if (!file.startsWith(root + path.sep)) throw notFound();
    const stats = await statOrNull(file);
    if (stats?.isFile()) {
      const cache = relative.startsWith("/assets/") ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
      return sendFile(c, file, stats, cache);
    }
    if (isNavigation(c, urlPath)) return sendFile(c, indexFile, indexStats, REVALIDATE_CACHE);
    throw notFound();
  });
}

function notFound(): ApiError {
  return new ApiError(404, ApiErrorCode.NotFound, "Not found");
}

/** Percent-decodes a URL path; null for malformed encodings, NUL bytes, dot-segments or dot-files. */
function decodePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/");
  if (segments.some((s) => s.startsWith("."))) return null;
  return decoded;
}

function isNavigation(c: Context, urlPath: string): boolean {
  if (urlPath.startsWith("/assets/")) return false;
  const last = urlPath.slice(urlPath.lastIndexOf("/") + 1);
  if (last.includes(".")) return false;
  return (
    c.req.header("sec-fetch-mode") === "navigate" || (c.req.header("accept") ?? "").includes("text/html")
  );
}

function sendFile(c: Context, file: string, stats: Stats, cacheControl: string): Response {
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const headers = new Headers({
    "Cache-Control": cacheControl,
    ETag: etag,
    "Last-Modified": stats.mtime.toUTCString(),
    "X-Content-Type-Options": "nosniff",
  });
  const ifNoneMatch = c.req.header("if-none-match")?.split(",") ?? [];
  if (ifNoneMatch.some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", getMimeType(file) ?? "application/octet-stream");
  headers.set("Content-Length", String(stats.size));
  if (c.req.method === "HEAD") return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}
