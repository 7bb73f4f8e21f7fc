/**
 * Harness for the browser tests: Debian's Chromium through playwright-core, a real relay process that
 * serves the built PWA (dist/), "devices" (browser contexts with a tablet-sized viewport) and page
 * models that find things the way a user does — by role, label and visible text.
 *
 * Every device signs in the way a member does (issue 3): the test asks the relay for a one-time
 * invitation for a demo member (the admin API with DATA_DIR/admin-token, as `npm run admin -- invite`
 * does, or the demo's own printed invitation), opens its `/join#code=…` link, names the device and
 * submits; the app lands on the meetings list.
 *
 * The tests never build: `npm test` (and CI) run `npm run build` first. Waits are generous and polled;
 * nothing here asserts how fast something happened.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { makeTempDir, type RelayProcess, ROOT, startRelayProcess } from "../integration/relay-process.ts";

/** Debian's chromium package; never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The built PWA; DIST_DIR (also read by the relay) overrides it. */
export const DIST_DIR = process.env.DIST_DIR ?? path.join(ROOT, "dist");

/** How long to wait for something that crosses the network or the relay (it retries every 3 s). */
export const SYNC_TIMEOUT = 30_000;
/** How long to wait for something local to the page (a render, a navigation inside the app). */
export const UI_TIMEOUT = 15_000;

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Throws a clear message unless the PWA has been built and Chromium is installed. */
export function assertPrerequisites(): void {
  for (const file of ["index.html", "sw.js"]) {
    if (!existsSync(path.join(DIST_DIR, file))) {
      throw new Error(
        `${path.join(DIST_DIR, file)} is missing: the browser tests run against the built PWA. Run \`npm run build\` first ` +
          "(`npm test` does it before the browser tests).",
      );
    }
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's package (\`apt-get install chromium\`) ` +
        "or set CHROMIUM_PATH. The tests never download a browser.",
    );
  }
}

/** Number of entries in the service worker's precache manifest (dist/sw.js). */
export function precacheManifestSize(): number {
  const sw = readFileSync(path.join(DIST_DIR, "sw.js"), "utf8");
  const urls = new Set(Array.from(sw.matchAll(/["']?url["']?\s*:\s*["']([^"']+)["']/g), (m) => m[1]));
  if (urls.size === 0) throw new Error("dist/sw.js has no precache manifest: rebuild with `npm run build`");
  return urls.size;
}

/**
 * Members of the demo workspace (sync-server/src/demo.ts) the tests sign in as, with their workspace
 * role and the demo meetings they take part in.
 */
export const DEMO_PEOPLE = {
  /** Admin; chair of the regular meetings. */
  chair: "Nguyễn Văn Hùng",
  /** Workspace secretary; secretary of every demo meeting. */
  secretary: "Hoàng Thị Thanh Hương",
  /** Member; participant of the upcoming regular meeting and the previous one. */
  vice1: "Trần Thị Mai",
  /** Member; participant of the upcoming regular meeting only. */
  urban: "Bùi Đức Thắng",
  /** Member; participant of the upcoming regular meeting only. */
  police: "Võ Minh Tuấn",
} as const;

/** A member of the demo workspace (sync-server/src/demo.ts) as the admin API lists them. */
export interface AdminMember {
  id: string;
  fullName: string;
  workspaceRole: string;
  disabled: boolean;
}

/** A device as the admin API lists it. */
export interface AdminDevice {
  id: string;
  memberId: string;
  name: string;
  revokedAt: string | null;
}

/** What `npm run admin -- … --json` did. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * One relay "installation": a temp DATA_DIR and a port that stay the same across stop/start, so a
 * restarted relay is, for the browsers, the same server coming back.
 */
export class Relay {
  #process: RelayProcess | undefined;
  #port = 0;
  #dataDir = "";

  #env: Record<string, string> = {};

  private constructor(private readonly demo: boolean) {}

  /** Starts a relay on a random port with a fresh temp DATA_DIR (`demo`: seed the demo workspace). */
  static async start(options: { demo?: boolean; env?: Record<string, string> } = {}): Promise<Relay> {
    const relay = new Relay(options.demo ?? false);
    relay.#env = options.env ?? {};
    relay.#dataDir = await makeTempDir("hopso-browser-");
    try {
      await relay.restart();
    } catch (error) {
      await relay.cleanup();
      throw error;
    }
    return relay;
  }

  get url(): string {
    if (!this.#port) throw new Error("relay not started");
    return `http://127.0.0.1:${this.#port}`;
  }

  get running(): boolean {
    return this.#process?.isRunning() ?? false;
  }

  /** Starts the relay again on the same port and DATA_DIR (the first start picks the port). */
  async restart(): Promise<void> {
    if (this.running) throw new Error("relay is already running");
    this.#process = await startRelayProcess({
      dataDir: this.#dataDir,
      port: this.#port,
      demo: this.demo,
      env: this.#env,
    });
    this.#port = this.#process.port;
  }

  /** Stops the relay process (SIGTERM: it closes every socket and flushes storage) and checks it exited cleanly. */
  async stop(): Promise<void> {
    const exit = await this.#process?.stop();
    if (exit && exit.code !== 0) {
      throw new Error(`relay exited with ${JSON.stringify(exit)}\n${this.#process?.stderr().slice(-2000)}`);
    }
  }

  /** The last relay log lines, for failure reports. */
  logTail(lines = 15): string {
    return (this.#process?.logs ?? [])
      .slice(-lines)
      .map((l) => JSON.stringify(l))
      .join("\n");
  }

  get dataDir(): string {
    return this.#dataDir;
  }

  /**
   * Calls the admin API with DATA_DIR/admin-token (what `npm run admin` does).
   * @throws Error with the relay's answer unless it is 2xx
   */
  async admin<T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> {
    const token = (await readFile(path.join(this.#dataDir, "admin-token"), "utf8")).trim();
    const res = await fetch(`${this.url}/admin${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${method} ${route}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** The directory member named `fullName`. */
  async member(fullName: string): Promise<AdminMember> {
    const { members } = await this.admin<{ members: AdminMember[] }>("GET", "/members");
    const found = members.find((m) => m.fullName === fullName);
    if (!found) throw new Error(`no member named ${fullName}: ${members.map((m) => m.fullName).join(", ")}`);
    return found;
  }

  /** A fresh one-time invitation link (`<origin>/join#code=XXXXX-XXXXX`) for the member `fullName`. */
  async invite(fullName: string): Promise<string> {
    const { id } = await this.member(fullName);
    const { invitation } = await this.admin<{ invitation: { link: string } }>("POST", "/invitations", {
      memberId: id,
    });
    return invitation.link;
  }

  /** The demo admin's invitation link that this relay process printed at start (`--demo`). */
  async demoAdminInvitation(): Promise<{ link: string; member: string }> {
    if (!this.#process) throw new Error("relay not started");
    const line = await this.#process.waitForLog((l) => String(l.msg).startsWith("demo invitations"));
    const invitation = line.adminInvitation as { link?: unknown; member?: unknown } | undefined;
    if (typeof invitation?.link !== "string" || typeof invitation.member !== "string") {
      throw new Error(`no admin invitation in ${JSON.stringify(line)}`);
    }
    return { link: invitation.link, member: invitation.member };
  }

  /** The device the member `fullName` registered under `deviceName`. */
  async device(fullName: string, deviceName: string): Promise<AdminDevice> {
    const { id } = await this.member(fullName);
    const { devices } = await this.admin<{ devices: AdminDevice[] }>("GET", `/members/${id}/devices`);
    const found = devices.filter((d) => d.name === deviceName);
    if (found.length !== 1) throw new Error(`${fullName} has ${found.length} devices named ${deviceName}`);
    return found[0] as AdminDevice;
  }

  /** Runs the admin command line (`npm run admin -- …args`) against this relay. */
  cli(...args: string[]): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", path.join(ROOT, "sync-server/src/cli/admin.ts"), ...args],
        {
          cwd: ROOT,
          env: { ...process.env, DATA_DIR: this.#dataDir, RELAY_URL: this.url },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      child.on("error", reject);
      child.on("close", (code) => {
        let json: Record<string, unknown> = {};
        try {
          if (args.includes("--json")) json = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          // Reported through stdout/stderr below.
        }
        resolve({ code, stdout, stderr, json });
      });
    });
  }

  /** Kills the process if it still runs and removes the DATA_DIR. */
  async cleanup(): Promise<void> {
    await this.#process?.cleanup();
    if (this.#dataDir) await rm(this.#dataDir, { recursive: true, force: true });
  }
}

/** A WebSocket the page opened, as Chromium reported it (CDP Network.webSocketCreated). */
export interface SocketAttempt {
  url: string;
  /** ms since the epoch (test clock) */
  at: number;
}

/** A WebSocket as the page itself saw it close (recorded by {@link TRACE_SOCKETS}). */
export interface SocketClose {
  url: string;
  code: number | null;
  reason: string | null;
}

/**
 * Installed with addInitScript before any app script: wraps the page's WebSocket to record each socket's
 * close code and reason (Chromium's protocol events do not carry them) in `window.__socketLog`.
 */
const TRACE_SOCKETS = `(() => {
  const Native = window.WebSocket;
  const log = [];
  Object.defineProperty(window, "__socketLog", { value: log });
  class Traced extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      const entry = { url: String(url), code: null, reason: null };
      log.push(entry);
      this.addEventListener("close", (event) => {
        entry.code = event.code;
        entry.reason = event.reason;
      });
    }
  }
  window.WebSocket = Traced;
})();`;

/** What the app keeps on the device, read in the page. */
export interface LocalData {
  /** IndexedDB databases of the origin (`indexedDB.databases()`). */
  databases: string[];
  /** localStorage keys of the app. */
  localStorageKeys: string[];
  /** Cache Storage names. */
  caches: string[];
}

export interface DeviceOptions {
  /** Record WebSocket close codes in the page ({@link Device.socketCloses}). */
  traceSockets?: boolean;
}

/** A browser context standing for one tablet, with its one page and what went wrong in it. */
export class Device {
  readonly errors: string[] = [];
  /** Every WebSocket the page opened (also across reloads), from Chromium's network events. */
  readonly sockets: SocketAttempt[] = [];
  /** The device name given at sign-in. */
  deviceName: string | undefined;

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    page.on("pageerror", (error) => this.errors.push(`pageerror: ${error.message}`));
    page.on("console", (msg) => {
      // Refused sockets and requests are expected while the relay is stopped (and the sign-in page asks
      // the relay whether a signed-out device has a session: 401).
      const text = msg.text();
      if (msg.type() === "error" && !/^WebSocket connection to|^Failed to load resource/.test(text))
        this.errors.push(`console.error: ${text}`);
    });
    page.on("websocket", (ws) => this.sockets.push({ url: ws.url(), at: Date.now() }));
  }

  static async open(
    browser: Browser,
    name: string,
    baseUrl: string,
    options: DeviceOptions = {},
  ): Promise<Device> {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 768 },
      hasTouch: true,
      locale: "vi-VN",
      timezoneId: "Asia/Ho_Chi_Minh",
      serviceWorkers: "allow",
    });
    context.setDefaultTimeout(UI_TIMEOUT);
    context.setDefaultNavigationTimeout(UI_TIMEOUT);
    if (options.traceSockets) await context.addInitScript(TRACE_SOCKETS);
    const page = await context.newPage();
    return new Device(name, context, page, baseUrl);
  }

  get join(): JoinPage {
    return new JoinPage(this.page);
  }
  get list(): MeetingsListPage {
    return new MeetingsListPage(this.page);
  }
  get meeting(): MeetingPage {
    return new MeetingPage(this.page);
  }
  get form(): MeetingFormPage {
    return new MeetingFormPage(this.page);
  }
  get sync(): SyncIndicator {
    return new SyncIndicator(this.page);
  }
  get ended(): AccessEndedPage {
    return new AccessEndedPage(this.page);
  }

  async goto(pathname: string) {
    return this.page.goto(new URL(pathname, this.baseUrl).href, { waitUntil: "load" });
  }

  /**
   * Signs this device in as a member does: opens the invitation link, checks the code came prefilled
   * from it, names the device, submits, and waits for the meetings list of the signed-in app.
   */
  async signIn(link: string, deviceName: string): Promise<void> {
    const url = new URL(link);
    if (url.origin !== new URL(this.baseUrl).origin)
      throw new Error(`invitation for another origin: ${link}`);
    const code = new URLSearchParams(url.hash.slice(1)).get("code");
    if (!code) throw new Error(`no code in the invitation link ${link}`);
    await this.page.goto(link, { waitUntil: "load" });
    const join = this.join;
    await join.heading.waitFor();
    await expect.poll(() => join.code.inputValue(), { timeout: UI_TIMEOUT }).toBe(code);
    // The one-time code leaves the address bar (and history) as soon as it is read.
    await expect.poll(() => new URL(this.page.url()).hash, { timeout: UI_TIMEOUT }).toBe("");
    await join.deviceName.fill(deviceName);
    await join.submit.click();
    try {
      await this.page.waitForURL((u) => u.pathname === "/", { timeout: SYNC_TIMEOUT });
    } catch (error) {
      const alert = await visibleText(join.form.getByRole("alert")).catch(() => "(no alert)");
      throw new Error(`${this.name}: sign-in did not reach the meetings list; the form says: ${alert}`, {
        cause: error,
      });
    }
    await this.list.heading.waitFor();
    await this.page.getByRole("tablist", { name: "Thời gian" }).waitFor({ timeout: SYNC_TIMEOUT });
    this.deviceName = deviceName;
  }

  /** The WebSockets the page opened to the relay's `/sync`. */
  syncSockets(): SocketAttempt[] {
    return this.sockets.filter((s) => new URL(s.url).pathname === "/sync");
  }

  /** Close codes and reasons of the sockets the current document opened (needs `traceSockets`). */
  socketCloses(): Promise<SocketClose[]> {
    return this.page.evaluate(() => [
      ...((window as unknown as { __socketLog?: SocketClose[] }).__socketLog ?? []),
    ]);
  }

  /** IndexedDB databases, localStorage keys and caches of the app's origin, read in the page. */
  localData(): Promise<LocalData> {
    return this.page.evaluate(async () => {
      const keys: string[] = [];
      for (let i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i) ?? "");
      return {
        databases: (await indexedDB.databases()).map((d) => d.name ?? "").sort(),
        localStorageKeys: keys.sort(),
        caches: (await caches.keys()).sort(),
      };
    });
  }

  /**
   * Waits until the service worker controls the page and its precache holds every file of the build's
   * manifest: from then on the app starts without the network.
   */
  async waitForOfflineReady(): Promise<void> {
    const expected = precacheManifestSize();
    await this.page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
      timeout: SYNC_TIMEOUT,
    });
    await expect
      .poll(
        () =>
          this.page.evaluate(async () => {
            let count = 0;
            for (const name of await caches.keys()) {
              if (name.includes("precache")) count += (await (await caches.open(name)).keys()).length;
            }
            return count;
          }),
        { timeout: SYNC_TIMEOUT, interval: 200, message: `${this.name}: precache entries` },
      )
      .toBeGreaterThanOrEqual(expected);
  }

  /** What to print when a test fails: where the device is, what it shows, what it logged. */
  async describe(): Promise<string> {
    const url = this.page.url();
    const sync = await visibleText(this.sync.status).catch(() => "<no sync indicator>");
    const main = await visibleText(this.page.locator("main"), 1000).catch(() => "<no main>");
    return [
      `--- device ${this.name} (${this.deviceName ?? "not signed in"}) at ${url}`,
      `sync indicator: ${sync}`,
      `main:\n${main.slice(0, 1500)}`,
      `sockets to /sync: ${this.syncSockets().length}`,
      `errors:\n${this.errors.slice(-20).join("\n") || "(none)"}`,
    ].join("\n");
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
  }
}

/** Collapses runs of white space (between inline and visually hidden parts) into one space. */
function normalize(text: string | null): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/** The text of the element `locator` points at (which must be visible to a user), white space collapsed. */
export async function visibleText(locator: Locator, timeout = 500): Promise<string> {
  await locator.waitFor({ state: "visible", timeout });
  return normalize(await locator.textContent({ timeout }));
}

/** Polls until `locator`'s visible text matches `expected`; the failure shows the last text seen. */
export async function expectText(
  locator: Locator,
  expected: RegExp | string,
  timeout: number = UI_TIMEOUT,
): Promise<void> {
  const matcher = expect.poll(() => visibleText(locator).catch(() => "<not on the page>"), {
    timeout,
    interval: 100,
  });
  if (typeof expected === "string") await matcher.toBe(expected);
  else await matcher.toMatch(expected);
}

/** dd/MM/yyyy of today + `days` in Vietnam time, as users type dates. */
export function vnDate(days: number): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(new Date(Date.now() + days * 86_400_000));
  return parts; // en-GB formats as dd/MM/yyyy
}

/** The always-visible sync indicator in the app header. */
export class SyncIndicator {
  constructor(private readonly page: Page) {}

  /** The live status line ("Trạng thái đồng bộ: …"). */
  get status(): Locator {
    return this.page.getByRole("status", { name: "Trạng thái đồng bộ" });
  }

  /** The indicator block (state colour, last synced time). */
  get box(): Locator {
    return this.page.locator(".sync-indicator");
  }

  get lastSynced(): Locator {
    return this.box.getByText(/^Đồng bộ lần cuối: \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
  }

  /** Waits until the indicator shows `text` in state `kind`. */
  async waitFor(kind: string, text: RegExp, timeout: number = SYNC_TIMEOUT): Promise<void> {
    await expectText(this.status, text, timeout);
    await expect.poll(() => this.box.getAttribute("data-state"), { timeout: UI_TIMEOUT }).toBe(kind);
  }

  waitForSynced(timeout: number = SYNC_TIMEOUT): Promise<void> {
    return this.waitFor("synced", /Đã đồng bộ/, timeout);
  }
}

/** "/join" — signing this device in with an invitation. */
export class JoinPage {
  constructor(private readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole("heading", { level: 1, name: "Đăng nhập thiết bị", exact: true });
  }

  get form(): Locator {
    return this.page.getByRole("form", { name: "Đăng ký thiết bị bằng mã mời" });
  }

  get code(): Locator {
    return this.form.getByRole("textbox", { name: "Mã mời" });
  }

  get deviceName(): Locator {
    return this.form.getByRole("textbox", { name: "Tên thiết bị" });
  }

  get submit(): Locator {
    return this.form.getByRole("button", { name: "Đăng ký thiết bị", exact: true });
  }
}

/** The full-screen "access ended" state (any path, once the relay refused this device). */
export class AccessEndedPage {
  constructor(private readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole("heading", {
      level: 1,
      name: "Quyền truy cập của thiết bị này đã kết thúc",
      exact: true,
    });
  }

  /** The card: heading, reason, what happened to local data, "Đăng nhập lại". */
  get card(): Locator {
    return this.page.getByRole("region", { name: "Quyền truy cập của thiết bị này đã kết thúc" });
  }

  get signInAgain(): Locator {
    return this.card.getByRole("button", { name: "Đăng nhập lại", exact: true });
  }
}

/** "/" — the meetings list. */
export class MeetingsListPage {
  constructor(private readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole("heading", { level: 1, name: "Cuộc họp", exact: true });
  }

  /** The cards of the selected tab ("Sắp tới" by default). */
  get panel(): Locator {
    return this.page.getByRole("tabpanel");
  }

  /** The link of the meeting card titled `title`. */
  meetingLink(title: string): Locator {
    return this.panel.getByRole("heading", { level: 3 }).getByRole("link", { name: title, exact: true });
  }

  /** Selects the tab "Sắp tới" or "Đã qua". */
  async selectTab(name: "Sắp tới" | "Đã qua"): Promise<void> {
    const tab = this.page
      .getByRole("tablist", { name: "Thời gian" })
      .getByRole("tab", { name: new RegExp(`^${name}`) });
    await tab.click();
    await expect.poll(() => tab.getAttribute("aria-selected")).toBe("true");
  }

  /** Titles of the meeting cards of the selected tab, in the order shown. */
  async titles(): Promise<string[]> {
    const links = this.panel.getByRole("heading", { level: 3 }).getByRole("link");
    return (await links.allTextContents()).map(normalize);
  }

  /** The first meeting card's link. */
  get firstMeetingLink(): Locator {
    return this.panel.getByRole("heading", { level: 3 }).getByRole("link").first();
  }

  async waitForLoaded(): Promise<void> {
    await this.heading.waitFor();
    await this.page.getByRole("tablist", { name: "Thời gian" }).waitFor();
  }

  /**
   * Waits until the list has settled: at least one meeting card with a title, and none still loading
   * (cards re-sort as meetings arrive from storage or the relay).
   */
  async waitForCards(): Promise<void> {
    await this.waitForLoaded();
    await this.firstMeetingLink.waitFor({ timeout: SYNC_TIMEOUT });
    await expect
      .poll(() => this.panel.getByText("Đang tải…", { exact: true }).count(), { timeout: SYNC_TIMEOUT })
      .toBe(0);
  }

  /** Opens a meeting from its card; returns its page model and automerge document id. */
  async open(link: Locator): Promise<{ page: MeetingPage; docId: string }> {
    // Pin the card by its address, so a re-sort between reading and clicking cannot swap meetings.
    const href = await link.getAttribute("href");
    if (!href) throw new Error("meeting link without href");
    const title = await visibleText(link, UI_TIMEOUT);
    await this.panel.locator(`a[href="${href}"]`).click();
    await this.page.waitForURL((url) => url.pathname === href);
    const meeting = new MeetingPage(this.page);
    await expectText(meeting.title, title);
    return { page: meeting, docId: meeting.docId() };
  }

  async startNewMeeting(): Promise<MeetingFormPage> {
    await this.page.getByRole("link", { name: "Tạo cuộc họp" }).click();
    const form = new MeetingFormPage(this.page);
    await form.heading("Tạo cuộc họp").waitFor();
    return form;
  }
}

/** "/meetings/<docId>" — details and agenda of one meeting. */
export class MeetingPage {
  constructor(private readonly page: Page) {}

  /** The automerge document id in the current URL. */
  docId(): string {
    const match = /\/meetings\/([^/?#]+)$/.exec(new URL(this.page.url()).pathname);
    if (!match?.[1]) throw new Error(`not on a meeting page: ${this.page.url()}`);
    return match[1];
  }

  get title(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  get agenda(): Locator {
    return this.page.getByRole("region", { name: "Chương trình họp" });
  }

  /** Titles of the agenda items, in the order shown. */
  async agendaTitles(): Promise<string[]> {
    const titles = this.agenda.getByRole("list").first().getByRole("heading", { level: 3 });
    return (await titles.allTextContents()).map(normalize);
  }

  /** Polls until the agenda shows exactly `titles`, in this order. */
  async expectAgenda(titles: string[], timeout: number = SYNC_TIMEOUT): Promise<void> {
    await expect.poll(() => this.agendaTitles(), { timeout, interval: 100 }).toEqual(titles);
  }

  async addAgendaItem(item: { title: string; presenter?: string; minutes?: number }): Promise<void> {
    await this.agenda.getByRole("button", { name: "Thêm nội dung" }).click();
    const form = this.agenda.getByRole("form", { name: "Thêm nội dung" });
    await form.getByRole("textbox", { name: "Tên nội dung" }).fill(item.title);
    if (item.presenter) await form.getByRole("textbox", { name: "Người trình bày" }).fill(item.presenter);
    if (item.minutes !== undefined)
      await form.getByRole("textbox", { name: "Thời lượng (phút)" }).fill(String(item.minutes));
    await form.getByRole("button", { name: "Lưu" }).click();
    await form.waitFor({ state: "detached" });
    await this.agenda.getByRole("heading", { level: 3, name: item.title, exact: true }).waitFor();
  }

  /**
   * Moves an agenda item up by `steps` with the keyboard only: focus its "Lên" button, press Enter once,
   * then Alt+ArrowUp for the remaining steps (the row's shortcut; focus stays on the moved item).
   */
  async moveUpByKeyboard(title: string, steps: number): Promise<void> {
    await this.agenda.getByRole("button", { name: `Lên: ${title}`, exact: true }).focus();
    for (let i = 0; i < steps; i++) {
      await this.page.keyboard.press(i === 0 ? "Enter" : "Alt+ArrowUp");
    }
  }

  /** The polite announcement after a move ("Đã chuyển “…” tới vị trí k trên n."). */
  get announcement(): Locator {
    return this.agenda.getByText(/^Đã chuyển “/);
  }

  async editDetails(): Promise<MeetingFormPage> {
    await this.page.getByRole("link", { name: "Sửa thông tin" }).click();
    const form = new MeetingFormPage(this.page);
    await form.heading("Sửa thông tin cuộc họp").waitFor();
    return form;
  }

  async backToList(): Promise<MeetingsListPage> {
    await this.page.getByRole("link", { name: "Danh sách cuộc họp" }).click();
    const list = new MeetingsListPage(this.page);
    await list.waitForLoaded();
    return list;
  }
}

export interface MeetingFields {
  title?: string;
  /** dd/MM/yyyy */
  date?: string;
  /** HH:mm */
  startTime?: string;
  /** HH:mm */
  endTime?: string;
  location?: string;
}

/** "/meetings/new" and "/meetings/<docId>/edit". */
export class MeetingFormPage {
  constructor(private readonly page: Page) {}

  heading(text: string): Locator {
    return this.page.getByRole("heading", { level: 1, name: text, exact: true });
  }

  field(label: string): Locator {
    return this.page.getByRole("textbox", { name: label });
  }

  async fill(fields: MeetingFields): Promise<void> {
    const labels: [keyof MeetingFields, string][] = [
      ["title", "Tên cuộc họp"],
      ["date", "Ngày họp"],
      ["startTime", "Giờ bắt đầu"],
      ["endTime", "Giờ kết thúc"],
      ["location", "Địa điểm"],
    ];
    for (const [key, label] of labels) {
      const value = fields[key];
      if (value !== undefined) await this.field(label).fill(value);
    }
  }

  /** Submits ("Tạo cuộc họp" / "Lưu thay đổi") and waits for the meeting page of the saved meeting. */
  async submit(): Promise<MeetingPage> {
    await this.page.getByRole("button", { name: /^(Tạo cuộc họp|Lưu thay đổi)$/ }).click();
    await this.page.waitForURL(/\/meetings\/[^/]+$/);
    const meeting = new MeetingPage(this.page);
    await meeting.agenda.waitFor();
    return meeting;
  }
}

/** What {@link browserSuite} gives a test file. */
export interface BrowserSuite {
  /** The relay, once beforeAll has started it. */
  readonly relay: Relay | undefined;
  /** Devices opened with {@link BrowserSuite.device} in the running test (closed after it). */
  readonly devices: Device[];
  /** A new device (browser context) signed in through the onboarding UI with a fresh invitation. */
  device(name: string, member: string): Promise<Device>;
}

/**
 * The usual browser-test file: one relay (with the demo seed) and one Chromium, started together in
 * beforeAll (whichever did start is stopped in afterAll even if the other failed); devices opened with
 * `device()` are closed after each test. Call it once at the top level of a test file.
 */
export function browserSuite(): BrowserSuite {
  let relay: Relay | undefined;
  let browser: Browser | undefined;
  const devices: Device[] = [];
  beforeAll(async () => {
    assertPrerequisites();
    const [r, b] = await Promise.allSettled([Relay.start({ demo: true }), launchBrowser()]);
    if (r.status === "fulfilled") relay = r.value;
    if (b.status === "fulfilled") browser = b.value;
    for (const result of [r, b]) if (result.status === "rejected") throw result.reason;
  });
  afterEach(async () => {
    for (const device of devices.splice(0)) await device.close();
  });
  afterAll(async () => {
    await browser?.close();
    await relay?.cleanup();
  });
  return {
    get relay() {
      return relay;
    },
    devices,
    async device(name: string, member: string): Promise<Device> {
      if (!browser || !relay) throw new Error("beforeAll did not finish");
      const d = await Device.open(browser, name, relay.url);
      devices.push(d);
      await d.signIn(await relay.invite(member), `Máy tính bảng ${name}`);
      return d;
    },
  };
}
