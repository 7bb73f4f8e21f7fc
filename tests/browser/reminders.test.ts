/**
 * Reminders in the browser (issue 9): the relay pushes a real reminder (VAPID-signed, aes128gcm) to a
 * local push service; its decrypted payload is handed to the service worker with the DevTools protocol
 * (ServiceWorker.deliverPushMessage, STACK.md "Web Push in tests"), which shows the notification; its
 * "mark done" action, run while the device and the relay are both offline, marks the task done in the
 * local ledger, and the change reaches the relay once the device is back online.
 */
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createTask,
  type LedgerDoc,
  type MemberId,
  type TaskId,
  taskView,
  type WorkspaceDoc,
  workspaceLedgers,
} from "../../shared/src/index.ts";
import type { ReminderPushPayload } from "../../sync-server/src/push/payload.ts";
import { redeem } from "../integration/auth.ts";
import {
  acknowledged,
  createClient,
  findThroughRelay,
  type TestClient,
  waitFor,
} from "../integration/clients.ts";
import type { RelayProcess } from "../integration/relay-process.ts";
import { type LocalPushEndpoint, startLocalPushEndpoint } from "../push-endpoint/index.ts";
import {
  assertPrerequisites,
  DEMO_PEOPLE,
  Device,
  launchBrowser,
  Relay,
  SYNC_TIMEOUT,
  UI_TIMEOUT,
} from "./harness.ts";

let relay: Relay | undefined;
let browser: Browser | undefined;
let endpoint: LocalPushEndpoint | undefined;
const devices: Device[] = [];
const clients: TestClient[] = [];

const PUSH_ENV = { PUSH_ALLOW_HTTP: "1", PUSH_ENDPOINT_HOSTS: "127.0.0.1", PUSH_INTERVAL_MS: "1000" };

beforeAll(async () => {
  assertPrerequisites();
  const [r, b, e] = await Promise.allSettled([
    Relay.start({ demo: true, env: PUSH_ENV }),
    launchBrowser(),
    startLocalPushEndpoint(),
  ]);
  if (r.status === "fulfilled") relay = r.value;
  if (b.status === "fulfilled") browser = b.value;
  if (e.status === "fulfilled") endpoint = e.value;
  for (const result of [r, b, e]) if (result.status === "rejected") throw result.reason;
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const d of devices.splice(0)) await d.close();
});

afterAll(async () => {
  await browser?.close();
  await relay?.cleanup();
  await endpoint?.close();
});

/** A Node client signed in as a new admin (the assigner), through the relay's own invitation flow. */
async function assigner(r: Relay): Promise<{ client: TestClient; memberId: string; workspaceUrl: string }> {
  const { member } = await r.admin<{ member: { id: string } }>("POST", "/members", {
    fullName: "Phạm Minh Đức",
    workspaceRole: "admin",
  });
  const { invitation } = await r.admin<{ invitation: { code: string } }>("POST", "/invitations", {
    memberId: member.id,
  });
  const res = await redeem({ url: r.url } as RelayProcess, invitation.code, { deviceName: "Máy chủ trì" });
  if (!res.credential || !res.body.session) throw new Error(`redeem: ${res.status}`);
  const client = createClient(`${r.url.replace("http", "ws")}/sync`, "assigner", {
    credential: res.credential,
  });
  clients.push(client);
  return { client, memberId: member.id, workspaceUrl: res.body.session.workspaceUrl };
}

describe("reminder notifications", () => {
  it("a pushed task reminder shows in the service worker; 'mark done' works offline and syncs later", async ({
    onTestFailed,
  }) => {
    if (!relay || !browser || !endpoint) throw new Error("beforeAll did not finish");
    const r = relay;
    const push = endpoint;
    const d = await Device.open(browser, "A", r.url);
    devices.push(d);
    onTestFailed(async () => console.error(await d.describe(), "\n--- relay\n", r.logTail()));
    await d.signIn(await r.invite(DEMO_PEOPLE.chair), "Máy tính bảng A");
    await d.waitForOfflineReady();
    await d.sync.waitForSynced();
    const chair = await r.member(DEMO_PEOPLE.chair);

    // The settings page offers notifications without asking for permission on its own.
    await d.page.goto(`${r.url}/settings/notifications`);
    await d.page.getByRole("heading", { name: "Thông báo nhắc việc", level: 1 }).waitFor();
    await d.page.getByRole("button", { name: "Bật thông báo trên thiết bị này" }).waitFor();
    expect(await d.page.evaluate(() => Notification.permission)).toBe("default");
    // What the user's "allow" in the browser's prompt does (the prompt itself cannot be clicked here).
    await d.context.grantPermissions(["notifications"], { origin: r.url });

    // This device's push subscription (PushManager.subscribe cannot reach a push service here: the
    // keys come from the local push service, registered through the same API the page uses).
    const { publicKey } = await d.page.evaluate(() =>
      fetch("/api/push/vapid-public-key").then((res) => res.json() as Promise<{ publicKey: string }>),
    );
    const sub = push.subscribe({ applicationServerKey: publicKey });
    const status = await d.page.evaluate(
      (body) =>
        fetch("/api/push/subscription", {
          method: "PUT",
          headers: { "content-type": "application/json", "X-HopSo-Request": "1" },
          body: JSON.stringify(body),
        }).then((res) => res.status),
      { subscription: { endpoint: sub.endpoint, expirationTime: null, keys: sub.keys } },
    );
    expect(status).toBe(200);

    // "Send a test notification" from the settings page reaches this device's push service.
    await d.page.reload();
    await d.page.getByText("Thiết bị này đang nhận thông báo đẩy").waitFor();
    await d.page.getByRole("button", { name: "Gửi thông báo thử" }).click();
    await d.page.getByText("Đã gửi thông báo thử đến 1 thiết bị.").waitFor();
    expect(push.messagesFor(sub).at(-1)?.json).toMatchObject({ type: "test" });

    // Quiet hours are saved into the member's private document (by keyboard, as a user would).
    const quiet = d.page.getByRole("checkbox", { name: "Không nhắc trong khoảng giờ" });
    await quiet.focus();
    await d.page.keyboard.press("Space");
    await d.page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await d.page.getByText("Đã lưu. Các thiết bị của bạn dùng cài đặt này").waitFor();
    await expect.poll(() => quiet.isChecked()).toBe(true);
    // …and turned off again: the "new task" push below must not depend on the hour the test runs at
    // (the default quiet hours, 21:00–07:00 in Hồ Chí Minh City, would hold it until the morning).
    await quiet.focus();
    await d.page.keyboard.press("Space");
    await d.page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await expect.poll(() => quiet.isChecked()).toBe(false);
    await d.sync.waitForSynced();
    // An admin also sees the workspace's rules.
    await d.page.getByRole("heading", { name: "Quy tắc nhắc việc của cơ quan" }).waitFor();

    // Another admin assigns the chair a task; the relay pushes "new task".
    const boss = await assigner(r);
    const ws = await findThroughRelay<WorkspaceDoc>(boss.client, boss.workspaceUrl as AutomergeUrl);
    await waitFor(() => workspaceLedgers(ws.doc()).length > 0, SYNC_TIMEOUT, "a ledger");
    const ledger = await boss.client.repo.find<LedgerDoc>(workspaceLedgers(ws.doc())[0]!.url as AutomergeUrl);
    const title = "Tổng hợp báo cáo công tác chuyển đổi số quý IV";
    let taskId = "" as TaskId;
    ledger.change((doc) => {
      taskId = createTask(
        doc,
        { title, lead: { kind: "member", id: chair.id }, dueDate: "2099-12-15", category: "Chuyển đổi số" },
        boss.memberId as MemberId,
        Date.now(),
      );
    });
    await acknowledged(boss.client, ledger as DocHandle<unknown>);
    await push.waitFor(
      () => push.messagesFor(sub).some((m) => (m.json as ReminderPushPayload).subjectId === taskId),
      SYNC_TIMEOUT,
    );
    const message = push.messagesFor(sub).find((m) => (m.json as ReminderPushPayload).subjectId === taskId)!;
    const payload = message.json as ReminderPushPayload;
    expect(payload).toMatchObject({ kind: "task_assigned", subjectType: "task", title });
    // The device's task ledger has the task before it goes offline, and the open app shows the same
    // reminder in-app, computed on the device.
    await d.sync.waitForSynced();
    const inApp = d.page.getByRole("region", { name: "Nhắc việc đến hạn" });
    await inApp.getByText(title).waitFor({ timeout: SYNC_TIMEOUT });
    await inApp.getByText("Bạn được giao nhiệm vụ mới, hạn xử lý 15/12/2099.").waitFor();

    // Offline: the relay is down and the device has no network.
    await r.stop();
    await d.context.setOffline(true);

    // The push service hands the decrypted message to the service worker.
    const cdp = await d.context.newCDPSession(d.page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e: { registrations: typeof registrations }) => {
      registrations.push(...e.registrations);
    });
    await cdp.send("ServiceWorker.enable");
    await waitFor(() => registrations.length > 0, UI_TIMEOUT, "the service worker registration");
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: r.url,
      registrationId: registrations[0]!.registrationId,
      data: message.plaintext,
    });
    const notifications = () =>
      d.page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
          title: n.title,
          body: n.body,
          tag: n.tag,
          actions: (n as Notification & { actions?: { action: string; title: string }[] }).actions ?? [],
        })),
      );
    await expect
      .poll(async () => (await notifications()).map((n) => n.tag), { timeout: UI_TIMEOUT })
      .toContain(payload.key);
    const shown = (await notifications()).find((n) => n.tag === payload.key)!;
    expect(shown.title).toBe(title);
    expect(shown.body).toBe("Bạn được giao nhiệm vụ mới, hạn xử lý 15/12/2099.");
    expect(shown.actions.map((a) => a.title)).toEqual(
      expect.arrayContaining(["Đánh dấu hoàn thành", "Nhắc lại sau 1 giờ"]),
    );

    // The user chooses "mark done" (dispatched in the service worker, as the browser does on a click).
    const [worker] = d.context.serviceWorkers();
    expect(worker).toBeDefined();
    const workerLog: string[] = [];
    worker!.on("console", (m) => workerLog.push(`${m.type()}: ${m.text()}`));
    onTestFailed(() => console.error("--- service worker console\n", workerLog.join("\n")));
    await worker!.evaluate(async (tag) => {
      const sw = self as unknown as ServiceWorkerGlobalScope;
      const [n] = await sw.registration.getNotifications({ tag });
      sw.dispatchEvent(new NotificationEvent("notificationclick", { notification: n!, action: "done" }));
    }, payload.key);
    // Applied to the local ledger in IndexedDB, still offline: the service worker confirms it.
    await expect
      .poll(async () => (await notifications()).map((n) => n.title), { timeout: SYNC_TIMEOUT })
      .toContain("Đã đánh dấu hoàn thành");
    expect((await notifications()).map((n) => n.tag)).not.toContain(payload.key);
    expect(taskView(ledger.doc().tasks[taskId]!).status).not.toBe("done");

    // Back online: the app (reopened) syncs the change made in the service worker to the relay.
    await r.restart();
    await d.context.setOffline(false);
    await d.page.goto(`${r.url}/`);
    await waitFor(
      () =>
        ledger.doc().tasks[taskId] !== undefined && taskView(ledger.doc().tasks[taskId]!).status === "done",
      SYNC_TIMEOUT,
      "the assigner sees the task done",
    );
    const done = taskView(ledger.doc().tasks[taskId]!);
    expect(done.status).toBe("done");
  });
});
