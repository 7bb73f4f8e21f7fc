/**
 * A DATA_DIR from before members and access control (issue 2): a v1 workspace without a directory, a
 * meeting without a participation document, and a document nobody can classify. The relay migrates
 * what it must (it alone migrates shared documents), registers what it finds, and quarantines the rest.
 */
import { readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type AutomergeUrl, parseAutomergeUrl, Repo } from "@automerge/automerge-repo";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import { afterAll, describe, expect, it } from "vitest";
import {
  type MeetingDoc,
  type ParticipationDoc,
  validateParticipation,
  validateWorkspace,
  type WorkspaceDoc,
} from "../../shared/src/index.ts";
import { deviceApi, signIn } from "./auth.ts";
import { createClient, type TestClient } from "./clients.ts";
import { makeTempDir, type RelayProcess, ROOT, startRelayProcess } from "./relay-process.ts";

const fixture = (file: string) =>
  JSON.parse(readFileSync(path.join(ROOT, "shared/src", file), "utf8")) as Record<string, unknown>;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

describe("an issue-2 DATA_DIR", () => {
  it("is migrated by the relay: workspace v2, a participation document per meeting, strays quarantined", async () => {
    const dataDir = await makeTempDir();
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const old = new Repo({ storage: new NodeFSStorageAdapter(path.join(dataDir, "automerge")) });
    const meeting = old.create<MeetingDoc>(
      fixture("meeting/fixtures/meeting-v1.json") as unknown as MeetingDoc,
    );
    const wsFixture = fixture("workspace/fixtures/workspace-v1.json") as {
      meetings: Record<string, { url: string }>;
    };
    for (const entry of Object.values(wsFixture.meetings)) entry.url = meeting.url;
    const workspace = old.create<WorkspaceDoc>(wsFixture as unknown as WorkspaceDoc);
    const stray = old.create<{ note: string }>({ note: "không rõ là gì" });
    await old.flush();
    await old.shutdown();
    await writeFile(
      path.join(dataDir, "workspace.json"),
      JSON.stringify({ workspaceUrl: workspace.url, createdAt: "2026-11-01T00:00:00.000Z" }),
    );

    const r: RelayProcess = await startRelayProcess({ dataDir });
    cleanups.push(() => r.cleanup());
    const summary = await r.waitForLog((l) => l.msg === "documents registered and migrated");
    expect(summary).toMatchObject({ workspaceMigrated: true, participationCreated: 1, registered: 2 });
    expect(r.logs.some((l) => l.msg === "document quarantined" && l.documentId === stray.documentId)).toBe(
      true,
    );

    const admin = await signIn(r, "Nguyễn Văn Hùng", "admin");
    const c: TestClient = createClient(r.syncUrl, "admin", { credential: admin.credential });
    cleanups.push(() => c.close());
    const ws = (await c.repo.find<WorkspaceDoc>(workspace.url)).doc();
    expect(validateWorkspace(ws)).toEqual({ ok: true });
    expect(ws.schemaVersion).toBe(3);
    expect(ws.settings.offlineLockDays).toBe(30);
    const m = (await c.repo.find<MeetingDoc>(meeting.url)).doc();
    const participationUrl = String(m.participationUrl) as AutomergeUrl;
    expect(participationUrl).toMatch(/^automerge:/);
    const p = (await c.repo.find<ParticipationDoc>(participationUrl)).doc();
    expect(validateParticipation(p)).toEqual({ ok: true });
    expect(String(p.meetingUrl)).toBe(meeting.url);
    await expect(c.repo.find(stray.url)).rejects.toThrow(/unavailable/);

    // The relay's own changes are in the audit log, as the relay's.
    const audit = await deviceApi<{ entries: { origin: string; memberId: string | null }[] }>(
      r,
      admin,
      "GET",
      `/api/documents/${parseAutomergeUrl(meeting.url).documentId}/audit`,
    );
    expect(audit.body.entries.some((e) => e.origin === "relay" && e.memberId === null)).toBe(true);

    // A restart finds nothing left to do.
    await c.close();
    await r.stop();
    const again = await startRelayProcess({ dataDir, port: r.port });
    cleanups.push(() => again.cleanup());
    expect(await again.waitForLog((l) => l.msg === "documents registered and migrated")).toMatchObject({
      workspaceMigrated: false,
      participationCreated: 0,
      registered: 0,
    });
  });
});
