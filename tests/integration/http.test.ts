import { readFileSync } from "node:fs";
import { chmod, mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { type AutomergeUrl, generateAutomergeUrl, isValidAutomergeUrl } from "@automerge/automerge-repo";
import { afterEach, describe, expect, it } from "vitest";
import {
  addAgendaItem,
  initMeeting,
  type MeetingDoc,
  MeetingKind,
  MeetingRole,
  MeetingStatus,
  meetingView,
  validateMeeting,
  validateWorkspace,
  type WorkspaceDoc,
  workspaceMeetingUrls,
} from "../../shared/src/index.ts";
import { deviceApi, redeem, type Session, signIn, type TestDevice } from "./auth.ts";
import { acknowledged, createClient, type TestClient } from "./clients.ts";
import { makeTempDir, type RelayProcess, ROOT, startRelayProcess } from "./relay-process.ts";

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string })
  .version;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function relay(options: Parameters<typeof startRelayProcess>[0] = {}): Promise<RelayProcess> {
  const r = await startRelayProcess(options);
  cleanups.push(() => r.cleanup());
  return r;
}

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function client(r: RelayProcess, device: Pick<TestDevice, "credential">, name: string): TestClient {
  const c = createClient(r.syncUrl, name, { credential: device.credential });
  cleanups.push(() => c.close());
  return c;
}

async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** The demo invitation links the relay logged at start. */
async function demoLinks(r: RelayProcess): Promise<{ admin: string; member: string }> {
  const line = await r.waitForLog((l) => l.msg.startsWith("demo invitations"));
  const admin = (line.adminInvitation as { link: string }).link;
  const member = (line.memberInvitation as { link: string }).link;
  return { admin, member };
}

function codeOf(link: string): string {
  return new URL(link).hash.replace("#code=", "");
}

describe("relay HTTP interface", () => {
  it("GET /healthz, /api/bootstrap, unknown /api/*, plain GET /sync", async () => {
    const r = await relay();
    const health = await getJson(`${r.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toMatch(/^application\/json/);
    expect(health.body).toEqual({ status: "ok", version: VERSION, uptimeSeconds: expect.any(Number) });
    expect((health.body as { uptimeSeconds: number }).uptimeSeconds).toBeGreaterThanOrEqual(0);

    // Without a credential: 401, with the one error shape.
    expect(await getJson(`${r.url}/api/bootstrap`)).toMatchObject({
      status: 401,
      body: { error: { code: "unauthenticated", message: expect.any(String) } },
    });
    const device = await signIn(r, "Nguyễn Văn Hùng", "admin");
    const boot = await getJson(`${r.url}/api/bootstrap`, device.headers);
    expect(boot.status).toBe(200);
    expect(boot.headers.get("cache-control")).toBe("no-store");
    const session = (boot.body as { session: Session }).session;
    expect(session).toEqual({
      memberId: device.memberId,
      deviceId: device.deviceId,
      workspaceUrl: expect.any(String),
      privateUrl: expect.any(String),
      offlineLockDays: 30,
      serverTime: expect.any(String),
    });
    expect(isValidAutomergeUrl(session.workspaceUrl)).toBe(true);
    expect(isValidAutomergeUrl(session.privateUrl)).toBe(true);
    expect(Math.abs(Date.parse(session.serverTime) - Date.now())).toBeLessThan(60_000);

    // The workspace document is served over /sync and is valid.
    const c = client(r, device, "reader");
    const ws = await c.repo.find<WorkspaceDoc>(session.workspaceUrl as AutomergeUrl);
    expect(validateWorkspace(ws.doc())).toEqual({ ok: true });
    expect(ws.doc().name).toBe("HọpSố");

    expect(await getJson(`${r.url}/api/nope`, device.headers)).toMatchObject({
      status: 404,
      body: { error: { code: "not_found", message: expect.any(String) } },
    });
    expect((await getJson(`${r.url}/api/nope`)).status).toBe(401);
    const post = await fetch(`${r.url}/api/bootstrap`, { method: "POST", headers: device.headers });
    expect(post.status).toBe(404);
    expect(await post.json()).toMatchObject({ error: { code: "not_found" } });
    expect(await getJson(`${r.url}/sync`, device.headers)).toMatchObject({
      status: 426,
      body: { error: { code: "upgrade_required" } },
    });
    expect((await getJson(`${r.url}/sync`)).status).toBe(401);
  });

  it("serves the PWA from DIST_DIR, and 503 'run npm run build' without it", async () => {
    const dist = await tempDir();
    const missing = await relay({ env: { DIST_DIR: path.join(dist, "missing") } });
    const res = await getJson(`${missing.url}/`);
    expect(res.status).toBe(503);
    expect((res.body as { error: { message: string } }).error.message).toContain("run npm run build");

    await mkdir(path.join(dist, "assets"), { recursive: true });
    await writeFile(path.join(dist, "index.html"), "<!doctype html><title>HọpSố</title>");
    await writeFile(path.join(dist, "sw.js"), "self.addEventListener('fetch', () => {});");
    await writeFile(
      path.join(dist, "assets", "automerge-Ab12Cd34.wasm"),
      new Uint8Array([0, 0x61, 0x73, 0x6d]),
    );
    const r = await relay({ env: { DIST_DIR: dist } });

    const wasm = await fetch(`${r.url}/assets/automerge-Ab12Cd34.wasm`);
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect(wasm.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const sw = await fetch(`${r.url}/sw.js`);
    expect(sw.headers.get("cache-control")).toBe("no-cache");
    const deepLink = await fetch(`${r.url}/meetings/abc`, { headers: { accept: "text/html" } });
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain("<title>HọpSố</title>");
    expect((await fetch(`${r.url}/assets/gone-123.js`)).status).toBe(404);
  });

  it("--demo seeds an empty DATA_DIR once and logs invitations; a restart never seeds again", async () => {
    const dataDir = await tempDir();
    const first = await relay({ dataDir, demo: true });
    // A newcomer signs in with the admin invitation the relay logged.
    const links = await demoLinks(first);
    expect(links.admin).toMatch(new RegExp(`^${first.url}/join#code=[0-9A-Z]{5}-[0-9A-Z]{5}$`));
    const signedIn = await redeem(first, codeOf(links.admin));
    expect(signedIn.status).toBe(200);
    const session = signedIn.body.session!;
    const admin = {
      credential: signedIn.credential!,
      headers: { authorization: `Bearer ${signedIn.credential}` },
    };
    const me = await deviceApi<{ member: { fullName: string; workspaceRole: string; unitName: string } }>(
      first,
      admin,
      "GET",
      "/api/me",
    );
    expect(me.body.member).toMatchObject({
      fullName: "Nguyễn Văn Hùng",
      workspaceRole: "admin",
      unitName: "Thường trực UBND phường",
    });

    const c = client(first, admin, "newcomer");
    const workspace = (await c.repo.find<WorkspaceDoc>(session.workspaceUrl as AutomergeUrl)).doc();
    expect(workspace.name).toContain("UBND");
    expect(validateWorkspace(workspace)).toEqual({ ok: true });
    const members = Object.values(workspace.members);
    expect(members).toHaveLength(11);
    const roles = members.map((m) => String(m.workspaceRole)).sort();
    expect(roles.filter((x) => x === "admin")).toHaveLength(1);
    expect(roles.filter((x) => x === "secretary")).toHaveLength(1);
    expect(roles.filter((x) => x === "observer")).toHaveLength(1);
    expect(Object.keys(workspace.units).length).toBeGreaterThanOrEqual(5);
    const entries = workspaceMeetingUrls(workspace);
    expect(entries).toHaveLength(3);
    const views = await Promise.all(
      entries.map(async (e) => {
        const doc = (await c.repo.find<MeetingDoc>(e.url as AutomergeUrl)).doc();
        expect(validateMeeting(doc)).toEqual({ ok: true });
        // Every participant is a directory member, and the meeting has its participation document.
        expect(
          Object.values(doc.participants).every((p) => p.memberId && workspace.members[String(p.memberId)]),
        ).toBe(true);
        expect(String(doc.participationUrl)).toMatch(/^automerge:/);
        return meetingView(doc);
      }),
    );
    const byStatus = Object.fromEntries(views.map((v) => [v.status, v]));
    expect(Object.keys(byStatus).sort()).toEqual([
      MeetingStatus.Concluded,
      MeetingStatus.Draft,
      MeetingStatus.Published,
    ]);
    const published = byStatus[MeetingStatus.Published]!;
    expect(published.agenda).toHaveLength(6);
    expect(published.agenda.every((i) => i.presenter && i.plannedMinutes > 0)).toBe(true);
    expect(published.participants.length).toBeGreaterThanOrEqual(10);
    const meetingRoles = new Set(published.participants.map((p) => p.role));
    for (const role of [
      MeetingRole.Chair,
      MeetingRole.Secretary,
      MeetingRole.Participant,
      MeetingRole.Observer,
    ]) {
      expect(meetingRoles).toContain(role);
    }
    expect(published.timeZone).toBe("Asia/Ho_Chi_Minh");
    expect(Date.parse(published.startsAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(byStatus[MeetingStatus.Concluded]!.endsAt)).toBeLessThan(
      Date.parse(published.startsAt),
    );
    expect(byStatus[MeetingStatus.Draft]!.kind).toBe(MeetingKind.Thematic);
    await c.close();
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    const second = await relay({ dataDir, demo: true });
    await second.waitForLog((l) => l.msg.includes("not seeded again"));
    // New invitations at every demo start; the unused ones of the previous start are withdrawn.
    const again = await demoLinks(second);
    expect(again.member).not.toBe(links.member);
    expect((await redeem(second, codeOf(links.member))).body.error?.code).toBe("invitation_used");
    const member = await redeem(second, codeOf(again.member));
    expect(member.status).toBe(200);
    expect(member.body.session!.workspaceUrl).toBe(session.workspaceUrl);
    // The admin's device from before still works.
    const c2 = client(second, admin, "returning");
    expect(
      workspaceMeetingUrls((await c2.repo.find<WorkspaceDoc>(session.workspaceUrl as AutomergeUrl)).doc()),
    ).toHaveLength(3);
  });

  it("a DATA_DIR made beforehand with 0755 is closed to other users (0700); push.sqlite is 0600", async () => {
    const dataDir = await tempDir();
    await chmod(dataDir, 0o755);
    const r = await relay({ dataDir });
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(r.logs.some((l) => String(l.msg).includes("restricted to the relay's user"))).toBe(true);
    expect((await stat(path.join(dataDir, "push.sqlite"))).mode & 0o777).toBe(0o600);
  });

  it("SIGTERM exits 0 after flushing; the data is there after a restart", async () => {
    const dataDir = await tempDir();
    const r = await relay({ dataDir });
    const device = await signIn(r, "Hoàng Thị Thanh Hương", "secretary");
    const writer = client(r, device, "writer");
    await writer.connected();
    const handle = writer.repo.create<MeetingDoc>();
    handle.change((d) => {
      initMeeting(
        d,
        {
          title: "Họp giao ban",
          issuingBody: "UBND phường",
          kind: MeetingKind.Regular,
          startsAt: "2026-12-07T01:00:00.000Z",
          endsAt: "2026-12-07T02:00:00.000Z",
          timeZone: "Asia/Ho_Chi_Minh",
          location: "",
          onlineLink: null,
        },
        0,
      );
      addAgendaItem(
        d,
        { title: "Lịch công tác tuần", presenter: "Văn phòng", plannedMinutes: 15, description: "" },
        0,
      );
    });
    // Wait until the relay has the document, then stop it the polite way with clients still
    // connected, one of them waiting for a document nobody has.
    await acknowledged(writer, handle);
    const reader = client(r, device, "reader");
    await (await reader.repo.find<MeetingDoc>(handle.url)).whenReady();
    void reader.repo.find(generateAutomergeUrl()).catch(() => undefined);
    const started = Date.now();
    const exit = await r.stop("SIGTERM");
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.logs.some((l) => l.msg === "relay stopped; storage flushed")).toBe(true);
    await writer.close();
    await reader.close();

    const again = await relay({ dataDir });
    const fresh = client(again, device, "fresh");
    const doc = (await fresh.repo.find<MeetingDoc>(handle.url)).doc();
    expect(meetingView(doc).agenda.map((i) => i.title)).toEqual(["Lịch công tác tuần"]);
    expect((await again.stop("SIGINT")).code).toBe(0);
  });

  it("refuses to start on a DATA_DIR with documents but no workspace.json, and on bad config", async () => {
    const dataDir = await tempDir();
    const r = await relay({ dataDir });
    await r.stop();
    await rm(path.join(dataDir, "workspace.json"));
    await expect(startRelayProcess({ dataDir, timeoutMs: 15_000 })).rejects.toThrow(/no workspace\.json/);
    await expect(startRelayProcess({ env: { PORT: "http" }, timeoutMs: 15_000 })).rejects.toThrow(
      /PORT must be a number/,
    );
  });
});
