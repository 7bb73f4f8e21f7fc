import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./config.ts";

/**
 * The app version from the project's package.json ("0.0.0" if it cannot be read).
 * Read once at start-up.
 */
export function readVersion(root: string = PROJECT_ROOT): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
