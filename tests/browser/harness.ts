/**
 * Harness for the browser tests: Debian's Chromium through playwright-core, a real relay process that
 * serves the built PWA (dist/), "devices" (browser contexts with a tablet-sized viewport) and page
 * models that find things the way a user does — by role, label and visible text.
 *
 * The tests never build: `npm test` (and CI) run `npm run build` first. Waits are generous and polled;
 * nothing here asserts how fast something happened.
 */
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
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

  private constructor(private readonly demo: boolean) {}

  /** Starts a relay on a random port with a fresh temp DATA_DIR (`demo`: seed the demo workspace). */
  static async start(options: { demo?: boolean } = {}): Promise<Relay> {
    const relay = new Relay(options.demo ?? false);
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
    this.#process = await startRelayProcess({ dataDir: this.#dataDir, port: this.#port, demo: this.demo });
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

  /** Kills the process if it still runs and removes the DATA_DIR. */
  async cleanup(): Promise<void> {
    await this.#process?.cleanup();
    if (this.#dataDir) await rm(this.#dataDir, { recursive: true, force: true });
  }
}

/** A browser context standing for one tablet, with its one page and what went wrong in it. */
export class Device {
  readonly errors: string[] = [];

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    page.on("pageerror", (error) => this.errors.push(`pageerror: ${error.message}`));
    page.on("console", (msg) => {
      // Refused sockets and requests are expected while the relay is stopped.
      const text = msg.text();
      if (msg.type() === "error" && !/^WebSocket connection to|^Failed to load resource/.test(text))
        this.errors.push(`console.error: ${text}`);
    });
  }

  static async open(browser: Browser, name: string, baseUrl: string): Promise<Device> {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 768 },
      hasTouch: true,
      locale: "vi-VN",
      timezoneId: "Asia/Ho_Chi_Minh",
      serviceWorkers: "allow",
    });
    context.setDefaultTimeout(UI_TIMEOUT);
    context.setDefaultNavigationTimeout(UI_TIMEOUT);
    const page = await context.newPage();
    return new Device(name, context, page, baseUrl);
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

  async goto(pathname: string) {
    return this.page.goto(new URL(pathname, this.baseUrl).href, { waitUntil: "load" });
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
      `--- device ${this.name} at ${url}`,
      `sync indicator: ${sync}`,
      `main:\n${main.slice(0, 1500)}`,
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
