import { createHash, randomBytes } from "node:crypto";
import type { AutomergeUrl, Repo } from "@automerge/automerge-repo";
import { Hono } from "hono";
import { taskDueFeedIcs } from "../../../shared/src/ics/index.ts";
import {
  assignedBy,
  type LedgerDoc,
  myTasks,
  type TaskView,
  taskViews,
  workspaceLedgers,
} from "../../../shared/src/index.ts";
import type { WorkspaceDirectory } from "../access/directory.ts";
import { appOrigin, type DeviceEnv, type HttpSecurity, requireDevice } from "../auth/http.ts";
import type { AuthService } from "../auth/service.ts";
import type { RelayStore } from "../auth/store.ts";
import { ApiError, ApiErrorCode } from "../errors.ts";
import type { Logger } from "../logger.ts";

/** What the task-feed routes need. */
export interface TaskFeedDeps {
  readonly auth: AuthService;
  readonly security: HttpSecurity;
  readonly store: RelayStore;
  readonly directory: WorkspaceDirectory;
  readonly repo: () => Repo;
  readonly now: () => number;
  readonly logger: Logger;
}

/** `POST /api/tasks/feed`: the member's new feed URL (the secret is shown once, only its hash is kept). */
export interface TaskFeedBody {
  url: string;
  createdAt: string;
}

const TOKEN_PREFIX = "hst_";
const TOKEN_RE = /^hst_[A-Za-z0-9_-]{43}$/;

function hashToken(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/**
 * The member's task feed (ICS, RFC 5545) for calendar apps, which cannot send cookies or headers: a
 * per-member secret URL the member creates and revokes from the app.
 * - `GET /api/tasks/feed` (device credential): `{ active, createdAt }` — never the URL itself;
 * - `POST /api/tasks/feed` (device credential): a new secret URL (replacing any earlier one);
 * - `DELETE /api/tasks/feed` (device credential): revokes it;
 * - `GET /feeds/tasks/<token>.ics` (public, the token is the credential): the due dates of the
 *   member's tasks ("my tasks": led by them or their unit, or supported by their unit; and those they
 *   assigned). An unknown or revoked token, or a disabled member, gets 404 (nothing is said about why).
 */
export function taskFeedRoutes(deps: TaskFeedDeps): { api: Hono<DeviceEnv>; feed: Hono } {
  const api = new Hono<DeviceEnv>();
  api.use("*", requireDevice(deps.auth, deps.security));
  api.get("/feed", (c) => {
    const feed = deps.store.taskFeedOf(c.var.auth.member.id);
    return c.json({
      active: feed !== undefined,
      createdAt: feed ? new Date(feed.createdAt).toISOString() : null,
    });
  });
  api.post("/feed", (c) => {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
    const now = deps.now();
    deps.store.setTaskFeed(c.var.auth.member.id, hashToken(token), now);
    deps.logger.info({ memberId: c.var.auth.member.id }, "task feed created");
    const body: TaskFeedBody = {
      url: `${appOrigin(c, deps.security)}/feeds/tasks/${token}.ics`,
      createdAt: new Date(now).toISOString(),
    };
    c.header("Cache-Control", "no-store");
    return c.json(body);
  });
  api.delete("/feed", (c) => {
    const had = deps.store.deleteTaskFeed(c.var.auth.member.id);
    deps.logger.info({ memberId: c.var.auth.member.id, had }, "task feed revoked");
    return c.json({ revoked: had });
  });

  const feed = new Hono();
  feed.get("/tasks/:file", async (c) => {
    const file = c.req.param("file");
    const token = file.endsWith(".ics") ? file.slice(0, -4) : file;
    const owner = TOKEN_RE.test(token) ? deps.store.taskFeedMember(hashToken(token)) : undefined;
    if (!owner || deps.directory.subject(owner.memberId).disabled) {
      throw new ApiError(404, ApiErrorCode.NotFound, "No such feed");
    }
    const tasks = await memberTasks(deps, owner.memberId);
    const origin = appOrigin(c, deps.security);
    const doc = deps.directory.doc();
    const ics = taskDueFeedIcs(tasks, {
      now: deps.now(),
      calendarName: `HọpSố — ${doc.name}`,
      taskUrl: (id) => `${origin}/tasks/${id}`,
      leadName: (lead) =>
        lead.kind === "unit" ? (doc.units?.[lead.id]?.name ?? "") : (doc.members?.[lead.id]?.fullName ?? ""),
    });
    c.header("Content-Type", "text/calendar; charset=utf-8");
    c.header("Cache-Control", "private, no-store");
    return c.body(ics);
  });
  return { api, feed };
}

/** The member's tasks across every ledger the workspace lists: theirs (as lead or support) and assigned by them. */
async function memberTasks(deps: TaskFeedDeps, memberId: string): Promise<TaskView[]> {
  const doc = deps.directory.doc();
  const unitId = doc.members?.[memberId]?.unitId;
  const units = unitId ? [String(unitId)] : [];
  const out = new Map<string, TaskView>();
  for (const { url } of workspaceLedgers(doc)) {
    try {
      const handle = await deps.repo().find<LedgerDoc>(url as AutomergeUrl);
      const views = taskViews(handle.doc());
      for (const v of [...myTasks(views, memberId, units), ...assignedBy(views, memberId)]) out.set(v.id, v);
    } catch (err) {
      deps.logger.warn({ err, url }, "ledger not readable for a task feed");
    }
  }
  return [...out.values()];
}
