import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type AutomergeUrl, isValidAutomergeUrl, type Repo } from "@automerge/automerge-repo";
import { z } from "zod";
import { initWorkspace, validateWorkspace, type WorkspaceDoc } from "../../shared/src/index.ts";
import { seedDemo } from "./demo.ts";
import { StartupError } from "./errors.ts";
import type { Logger } from "./logger.ts";

/** Contents of DATA_DIR/workspace.json: which document is this relay's workspace. */
export interface WorkspacePointer {
  workspaceUrl: AutomergeUrl;
  createdAt: string;
  /** Set when the workspace is the demo: who gets the demo invitations printed at each `--demo` start. */
  demo?: DemoMembers;
}

/** The demo members who get invitations at start. */
export interface DemoMembers {
  adminMemberId: string;
  memberMemberId: string;
}

const pointerSchema = z.object({
  workspaceUrl: z
    .string()
    .refine(isValidAutomergeUrl, "not an automerge URL")
    .transform((u) => u as AutomergeUrl),
  createdAt: z.string(),
  demo: z.object({ adminMemberId: z.string().min(1), memberMemberId: z.string().min(1) }).optional(),
});

/** What DATA_DIR holds before the relay opens its storage. */
export interface DataDirState {
  readonly pointer: WorkspacePointer | null;
  /** True if DATA_DIR/automerge holds any document (anything besides the storage id). */
  readonly hasDocuments: boolean;
}

const POINTER_FILE = "workspace.json";

/**
 * Looks at DATA_DIR before the Repo touches it (the Repo writes its storage id on start).
 * @throws StartupError when workspace.json exists but is not valid
 */
export async function inspectDataDir(dataDir: string): Promise<DataDirState> {
  const pointerPath = path.join(dataDir, POINTER_FILE);
  let pointer: WorkspacePointer | null = null;
  let text: string | null = null;
  try {
    text = await readFile(pointerPath, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code !== "ENOENT") throw err;
  }
  if (text !== null) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new StartupError(`${pointerPath} is not valid JSON; restore it from a backup`);
    }
    const parsed = pointerSchema.safeParse(json);
    if (!parsed.success) {
      throw new StartupError(`${pointerPath} is invalid (${parsed.error.issues[0]?.message}); restore it`);
    }
    pointer = parsed.data;
  }
  return { pointer, hasDocuments: await hasDocuments(path.join(dataDir, "automerge")) };
}

export interface EnsureWorkspaceOptions {
  readonly repo: Repo;
  /** Makes every loaded document durable (SyncRelay.flushAll). */
  readonly flush: () => Promise<void>;
  readonly dataDir: string;
  readonly state: DataDirState;
  readonly demo: boolean;
  /** Name of a new (non-demo) workspace. */
  readonly workspaceName: string;
  /** Clock reading, ms since the epoch. */
  readonly now: number;
  readonly logger: Logger;
  /** How long to wait for the existing workspace document to load. Milliseconds, default 15 000. */
  readonly loadTimeoutMs?: number;
}

/**
 * Returns this relay's workspace document URL, creating the workspace on first run.
 *
 * - DATA_DIR empty: creates the workspace (with `demo`, the demo workspace and its meetings), writes
 *   the documents to storage, then records the URL in DATA_DIR/workspace.json (written last and
 *   atomically, so a crash in between leaves a DATA_DIR that is refused, never a half-seeded one
 *   that looks complete).
 * - workspace.json present: checks that the document loads from storage; never seeds again.
 *
 * @throws StartupError when DATA_DIR has documents but no workspace.json, or the recorded workspace
 *   document is missing from storage
 */
export async function ensureWorkspace(options: EnsureWorkspaceOptions): Promise<{
  workspaceUrl: AutomergeUrl;
  created: boolean;
  seeded: boolean;
  /** The demo's invitation recipients, if this DATA_DIR holds the demo. */
  demo: DemoMembers | null;
}> {
  const { repo, state, logger } = options;
  if (state.pointer) {
    const url = state.pointer.workspaceUrl;
    if (options.demo) logger.info("DATA_DIR is not empty: demo data not seeded again");
    const handle = await withTimeout(repo.find<WorkspaceDoc>(url), options.loadTimeoutMs ?? 15_000).catch(
      (err: unknown) => {
        throw new StartupError(
          `the workspace document ${url} named in ${POINTER_FILE} is not in ${path.join(options.dataDir, "automerge")}`,
          { cause: err },
        );
      },
    );
    const validation = validateWorkspace(handle.doc());
    if (!validation.ok)
      logger.info({ issues: validation.issues.slice(0, 5) }, "workspace document needs migration or repair");
    return { workspaceUrl: url, created: false, seeded: false, demo: state.pointer.demo ?? null };
  }
  if (state.hasDocuments) {
    throw new StartupError(
      `${options.dataDir} holds documents but no ${POINTER_FILE}: restore ${POINTER_FILE} from a backup, ` +
        "or start with an empty DATA_DIR",
    );
  }
  let workspaceUrl: AutomergeUrl;
  let demo: DemoMembers | null = null;
  if (options.demo) {
    const seeded = seedDemo(repo, options.now);
    workspaceUrl = seeded.workspaceUrl;
    demo = { adminMemberId: seeded.adminMemberId, memberMemberId: seeded.memberMemberId };
    logger.info(
      { workspaceUrl, meetings: seeded.meetingUrls.length, members: Object.keys(seeded.memberIds).length },
      "demo workspace seeded",
    );
  } else {
    const handle = repo.create<WorkspaceDoc>();
    handle.change((doc) => {
      initWorkspace(doc, { name: options.workspaceName }, options.now);
    });
    workspaceUrl = handle.url;
    logger.info({ workspaceUrl }, "workspace created");
  }
  await options.flush();
  await writeJsonAtomically(path.join(options.dataDir, POINTER_FILE), {
    workspaceUrl,
    createdAt: new Date(options.now).toISOString(),
    ...(demo ? { demo } : {}),
  } satisfies WorkspacePointer);
  return { workspaceUrl, created: true, seeded: options.demo, demo };
}

/** Writes JSON to a temporary file and renames it into place. */
async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { flush: true });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** True if the automerge storage directory has any entry other than the storage id file. */
async function hasDocuments(automergeDir: string): Promise<boolean> {
  let top: string[];
  try {
    top = await readdir(automergeDir);
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return false;
    throw err;
  }
  for (const name of top) {
    if (name !== "st") return true;
    const inner = await readdir(path.join(automergeDir, name));
    if (inner.some((n) => n !== "orage-adapter-id")) return true;
  }
  return false;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
