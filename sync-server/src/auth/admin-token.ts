/**
 * The admin token: a secret in DATA_DIR/admin-token (mode 0600) that the admin CLI sends as
 * `Authorization: Bearer …`. Generated at the relay's first start; whoever can read DATA_DIR is the
 * relay's administrator. Never logged.
 */
import { chmod, open, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { isAdminTokenShaped, newAdminToken } from "./secrets.ts";

/** File name of the admin token inside DATA_DIR. */
export const ADMIN_TOKEN_FILE = "admin-token";

/** Path of the admin token file for a DATA_DIR. */
export function adminTokenPath(dataDir: string): string {
  return path.join(dataDir, ADMIN_TOKEN_FILE);
}

/**
 * Returns the admin token, creating DATA_DIR/admin-token (mode 0600, exclusive create) if it does not
 * exist. A token file readable by others is tightened to 0600.
 * @returns the token and whether it was created now
 * @throws Error if the file exists but does not hold a token (restore it or delete it to make a new one)
 */
export async function ensureAdminToken(dataDir: string): Promise<{ token: string; created: boolean }> {
  const file = adminTokenPath(dataDir);
  try {
    const handle = await open(file, "wx", 0o600);
    const token = newAdminToken();
    try {
      await handle.writeFile(`${token}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { token, created: true };
  } catch (err) {
    if ((err as { code?: string }).code !== "EEXIST") throw err;
  }
  const token = await readAdminToken(dataDir);
  if ((await stat(file)).mode & 0o077) await chmod(file, 0o600);
  return { token, created: false };
}

/**
 * Reads the admin token of a DATA_DIR (the admin CLI does this).
 * @throws Error naming the file if it is missing, unreadable or malformed
 */
export async function readAdminToken(dataDir: string): Promise<string> {
  const file = adminTokenPath(dataDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ENOENT") throw new Error(`${file} does not exist: start the relay once with this DATA_DIR`);
    if (code === "EACCES") throw new Error(`${file} is not readable by this user`);
    throw err;
  }
  const token = text.trim();
  if (!isAdminTokenShaped(token))
    throw new Error(`${file} does not hold an admin token; delete it and restart the relay`);
  return token;
}
