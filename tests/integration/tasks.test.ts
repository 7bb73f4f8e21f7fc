import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  completeTask,
  createTask,
  type LedgerDoc,
  ledgerYearOf,
  type MemberId,
  type TaskId,
  taskView,
  validateLedger,
  type WorkspaceDoc,
  workspaceLedgers,
} from "../../shared/src/index.ts";
import { adminApi, deviceApi, registerDevice, type TestDevice } from "./auth.ts";
import { acknowledged, createClient, type TestClient, waitFor } from "./clients.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";

let r: RelayProcess;
const clients: TestClient[] = [];
let chair: TestDevice;
let lead: TestDevice;
let outsider: TestDevice;
let observer: TestDevice;
let unitId: string;

async function member(fullName: string, role: string, unit: string | null): Promise<TestDevice> {
  const res = await adminApi<{ member: { id: string } }>(r, "POST", "/members", {
    fullName,
    workspaceRole: role,
    unitId: unit,
  });
  if (res.status !== 200) throw new Error(`add member: ${res.status}`);
  return registerDevice(r, res.body.member.id);
}

function client(device: TestDevice, name: string): TestClient {
  const c = createClient(r.syncUrl, name, { credential: device.credential });
  clients.push(c);
  return c;
}

async function ledgerOf(c: TestClient, device: TestDevice): Promise<DocHandle<LedgerDoc>> {
  const ws = await c.repo.find<WorkspaceDoc>(device.session.workspaceUrl as AutomergeUrl);
  await waitFor(() => workspaceLedgers(ws.doc()).length > 0, 10_000, "a ledger listed in the workspace");
  return c.repo.find<LedgerDoc>(workspaceLedgers(ws.doc())[0]!.url as AutomergeUrl);
}

beforeAll(async () => {
  r = await startRelayProcess();
  const unit = await adminApi<{ unit: { id: string } }>(r, "POST", "/units", {
    name: "Phòng Quản lý đô thị",
  });
  unitId = unit.body.unit.id;
  chair = await member("Nguyễn Văn Hùng", "admin", null);
  lead = await member("Trần Thị Bình", "member", unitId);
  outsider = await member("Lê Văn Cường", "member", null);
  observer = await member("Khách Mời", "observer", null);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await r?.stop();
});

describe("task ledger at the relay", () => {
  it("the relay creates this year's ledger and lists it in the workspace; every member reads it", async () => {
    const c = client(outsider, "outsider");
    const ledger = await ledgerOf(c, outsider);
    expect(validateLedger(ledger.doc())).toEqual({ ok: true });
    const ws = await c.repo.find<WorkspaceDoc>(outsider.session.workspaceUrl as AutomergeUrl);
    expect(workspaceLedgers(ws.doc())[0]!.year).toBe(ledgerYearOf(Date.now()));
  });

  it("a task assigned to a unit reaches its member, who marks it done; others' forged writes are refused", async () => {
    const chairClient = client(chair, "chair");
    const chairLedger = await ledgerOf(chairClient, chair);
    let taskId = "" as TaskId;
    chairLedger.change((d) => {
      taskId = createTask(
        d,
        {
          title: "Rà soát hạ tầng thoát nước khu vực phường 25",
          lead: { kind: "unit", id: unitId },
          dueDate: "2027-03-05",
          category: "Đô thị",
        },
        chair.memberId as MemberId,
        Date.now(),
      );
    });
    await acknowledged(chairClient, chairLedger as DocHandle<unknown>);

    const leadClient = client(lead, "lead");
    const leadLedger = await ledgerOf(leadClient, lead);
    await waitFor(() => leadLedger.doc().tasks[taskId] !== undefined, 10_000, "the task reaches the lead");

    // Someone of another unit completes it: the relay strips the change, nobody else sees it.
    const outsiderClient = client(outsider, "outsider-2");
    const outsiderLedger = await ledgerOf(outsiderClient, outsider);
    await waitFor(
      () => outsiderLedger.doc().tasks[taskId] !== undefined,
      10_000,
      "the task reaches the outsider",
    );
    outsiderLedger.change((d) => completeTask(d, taskId, {}, outsider.memberId as MemberId, Date.now()));
    await new Promise((res) => setTimeout(res, 800));
    expect(taskView(leadLedger.doc().tasks[taskId]!).status).toBe("not_started");
    expect(r.logs.some((l) => l.msg === "ledger rules broken" && l.memberId === outsider.memberId)).toBe(
      true,
    );

    // An observer reads but may not write at all.
    const observerClient = client(observer, "observer");
    const observerLedger = await ledgerOf(observerClient, observer);
    await waitFor(
      () => observerLedger.doc().tasks[taskId] !== undefined,
      10_000,
      "the task reaches the observer",
    );

    // The lead's member marks it done: accepted and seen by the chair.
    leadLedger.change((d) =>
      completeTask(d, taskId, { note: "Đã hoàn thành" }, lead.memberId as MemberId, Date.now()),
    );
    await waitFor(
      () => taskView(chairLedger.doc().tasks[taskId]!).status === "done",
      10_000,
      "the chair sees the task done",
    );
  }, 60_000);

  it("a member's secret ICS feed lists their tasks' due dates, parses with ical.js, and stops when revoked", async () => {
    const c = client(lead, "lead-feed");
    const ledger = await ledgerOf(c, lead);
    let taskId = "" as TaskId;
    ledger.change((d) => {
      taskId = createTask(
        d,
        {
          title: "Báo cáo tình hình giải ngân vốn đầu tư công",
          lead: { kind: "member", id: lead.memberId },
          dueDate: "2027-04-15",
          dueTime: "16:30",
        },
        lead.memberId as MemberId,
        Date.now(),
      );
    });
    await acknowledged(c, ledger as DocHandle<unknown>);

    expect((await fetch(`${r.url}/api/tasks/feed`, { method: "POST" })).status).toBe(401);
    const created = await deviceApi<{ url: string }>(r, lead, "POST", "/api/tasks/feed");
    expect(created.status).toBe(200);
    const path = new URL(created.body.url).pathname;
    expect(path).toMatch(/^\/feeds\/tasks\/hst_[A-Za-z0-9_-]{43}\.ics$/);

    const res = await fetch(`${r.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    const event = events.find((e) => e.summary.includes("Báo cáo tình hình giải ngân vốn đầu tư công"));
    expect(event).toBeDefined();
    expect(event!.uid).toBe(`task-${taskId}@hopso`);
    // 16:30 in Asia/Ho_Chi_Minh is 09:30 UTC.
    expect(event!.startDate.toJSDate().toISOString()).toBe("2027-04-15T09:30:00.000Z");
    // The unit task assigned earlier is there too: the lead belongs to the unit.
    expect(events.some((e) => e.summary.includes("Rà soát hạ tầng thoát nước"))).toBe(true);

    expect((await fetch(`${r.url}/feeds/tasks/hst_${"A".repeat(43)}.ics`)).status).toBe(404);
    expect(
      (await deviceApi(r, lead, "DELETE", "/api/tasks/feed", { headers: { "x-hopso-request": "1" } })).status,
    ).toBe(200);
    expect((await fetch(`${r.url}${path}`)).status).toBe(404);
  }, 60_000);
});
