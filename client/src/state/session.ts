import { type AutomergeUrl, isValidAutomergeUrl } from "@automerge/automerge-repo/slim";
import { type Accessor, batch, createMemo, createRoot, createSignal } from "solid-js";
import { DEFAULT_OFFLINE_LOCK_DAYS } from "../../../shared/src/index.ts";
import {
  type AccessEndReason,
  ApiError,
  api,
  isAccessEndReason,
  onAccessRefused,
  WIPE_REASONS,
} from "./api.ts";
import { createDeviceKey, DeviceKeyUnavailableError } from "./device-key.ts";
import { connectRelay, relay, repo, repoIsPersistent } from "./repo.ts";
import { clearLocalStorage, eraseLocalData } from "./wipe.ts";

/**
 * This device's session with the relay (docs/ISSUE3-CONTRACT.md "Client"):
 *
 * - The credential itself is an HttpOnly cookie; what the app keeps (localStorage, for offline starts)
 *   is who signed in and where their documents are: member, device, workspace and private document URLs,
 *   the offline-lock period, and `lastContactAt` — the last time the relay accepted this device (a
 *   successful `/api/bootstrap`, or the relay answering on the sync socket).
 * - Without a session nothing syncs: the relay's WebSocket is connected only once a session exists.
 * - Access ends when the relay answers 401 or closes the socket with 4401/4403: syncing stops for good
 *   (the stock adapter would retry forever), the session is forgotten, and for a revoked device or a
 *   disabled member the local meeting data is erased before the app says why. The outcome is kept in
 *   localStorage, so a reload still explains it.
 * - After `offlineLockDays` without contact, meeting data is locked until the relay accepts the device
 *   again (unlock) or refuses it (access ended).
 */

const SESSION_KEY = "hopso.session";
const ENDED_KEY = "hopso.accessEnded";
const DAY_MS = 24 * 60 * 60 * 1000;
/** While locked or waiting, how often to ask the relay again (ms). */
const RECHECK_MS = 30_000;
/** While connected, how often `lastContactAt` moves forward (ms). */
const CONTACT_TICK_MS = 60_000;
/** A bootstrap that takes longer than this counts as offline (ms). */
const REQUEST_TIMEOUT_MS = 15_000;

/** What the app keeps about its session. */
export interface Session {
  readonly memberId: string;
  readonly deviceId: string;
  /** The name given at sign-in (the relay's copy is in `GET /api/me`). */
  readonly deviceName: string | null;
  readonly workspaceUrl: AutomergeUrl;
  readonly privateUrl: AutomergeUrl | null;
  readonly offlineLockDays: number;
  /** ms since the epoch (this device's clock). */
  readonly lastContactAt: number;
}

/** The relay's `session` object (`/api/bootstrap`, `/api/invitations/redeem`). */
export interface ServerSession {
  memberId: string;
  deviceId: string;
  workspaceUrl: string;
  privateUrl: string | null;
  offlineLockDays: number;
  serverTime?: string;
}

/** Why access ended: a relay refusal, or the member signed this device out. */
export type EndReason = AccessEndReason | "signed_out";

/** The end of access as the UI shows it. */
export interface AccessEnded {
  readonly reason: EndReason;
  /** Local meeting data is (being) erased. */
  readonly wipe: boolean;
  /** `erasing` while deleting; `failed` when something could not be deleted (see `problems`). */
  readonly phase: "erasing" | "done" | "failed";
  readonly problems: readonly string[];
  readonly at: number;
}

/** Kept in localStorage so a reload (or the sign-in page) can still say what happened. */
interface EndedRecord {
  reason: EndReason;
  wipe: boolean;
  erased: boolean;
  at: number;
  /** The member who was signed in: a different member signing in next gets an erased device. */
  previousMemberId: string | null;
}

/** Where the app stands, in the order the shell checks it. */
export type AccessState =
  | { kind: "checking" }
  | { kind: "signed-out"; offline: boolean }
  | ({ kind: "ended" } & AccessEnded)
  | { kind: "locked"; lastContactAt: number; days: number }
  | { kind: "active" };

function isEndReason(value: unknown): value is EndReason {
  return value === "signed_out" || isAccessEndReason(value);
}

/** Parses and checks a relay session; undefined when a field is missing or wrong. */
export function parseServerSession(value: unknown): ServerSession | undefined {
  const s = value as Partial<ServerSession> | null | undefined;
  if (!s || typeof s !== "object") return undefined;
  if (typeof s.memberId !== "string" || !s.memberId) return undefined;
  if (typeof s.deviceId !== "string" || !s.deviceId) return undefined;
  if (typeof s.workspaceUrl !== "string" || !isValidAutomergeUrl(s.workspaceUrl)) return undefined;
  const privateUrl =
    typeof s.privateUrl === "string" && isValidAutomergeUrl(s.privateUrl) ? s.privateUrl : null;
  const days =
    typeof s.offlineLockDays === "number" && Number.isInteger(s.offlineLockDays) && s.offlineLockDays > 0
      ? s.offlineLockDays
      : DEFAULT_OFFLINE_LOCK_DAYS;
  return {
    memberId: s.memberId,
    deviceId: s.deviceId,
    workspaceUrl: s.workspaceUrl,
    privateUrl,
    offlineLockDays: days,
    ...(typeof s.serverTime === "string" ? { serverTime: s.serverTime } : {}),
  };
}

function readJson(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or quota: lasts for this visit only.
  }
}

function readCachedSession(): Session | undefined {
  const raw = readJson(SESSION_KEY) as (Partial<Session> & Record<string, unknown>) | undefined;
  const parsed = parseServerSession(raw);
  if (!parsed || !raw) return undefined;
  const lastContactAt = typeof raw.lastContactAt === "number" ? raw.lastContactAt : 0;
  return {
    memberId: parsed.memberId,
    deviceId: parsed.deviceId,
    deviceName: typeof raw.deviceName === "string" ? raw.deviceName : null,
    workspaceUrl: parsed.workspaceUrl as AutomergeUrl,
    privateUrl: parsed.privateUrl as AutomergeUrl | null,
    offlineLockDays: parsed.offlineLockDays,
    lastContactAt,
  };
}

function readEndedRecord(): EndedRecord | undefined {
  const raw = readJson(ENDED_KEY) as Partial<EndedRecord> | undefined;
  if (!raw || !isEndReason(raw.reason)) return undefined;
  return {
    reason: raw.reason,
    wipe: raw.wipe === true,
    erased: raw.erased === true,
    at: typeof raw.at === "number" ? raw.at : Date.now(),
    previousMemberId: typeof raw.previousMemberId === "string" ? raw.previousMemberId : null,
  };
}

const [session, setSession] = createSignal<Session | undefined>(readCachedSession(), {
  equals: false,
});
/** The current session, or undefined when signed out. */
export const currentSession: Accessor<Session | undefined> = session;

const [ended, setEnded] = createSignal<AccessEnded | undefined>(undefined);
/** The end of access, when it happened (this visit or before, until the next sign-in). */
export const accessEnded: Accessor<AccessEnded | undefined> = ended;

const [checking, setChecking] = createSignal(false);
const [offlineAtStart, setOfflineAtStart] = createSignal(false);
const [workspaceLockDays, setWorkspaceLockDaysSignal] = createSignal<number | undefined>(undefined);
const [now, setNow] = createSignal(Date.now());
const [replaced, setReplaced] = createSignal(false);
/** The relay now serves a different workspace than this device had cached (takes effect on reload). */
export const workspaceReplaced: Accessor<boolean> = replaced;

/**
 * The workspace document's `settings.offlineLockDays`, when loaded (newer than the session's copy when
 * an admin changed it since the last bootstrap). Set by state/workspace.ts.
 */
export function setWorkspaceLockDays(days: number | undefined): void {
  setWorkspaceLockDaysSignal(days !== undefined && Number.isInteger(days) && days > 0 ? days : undefined);
}

/** Days without contact after which meeting data locks. */
export function offlineLockDays(s: Pick<Session, "offlineLockDays"> | undefined = session()): number {
  return workspaceLockDays() ?? s?.offlineLockDays ?? DEFAULT_OFFLINE_LOCK_DAYS;
}

/** Whether a session with this last contact is past its offline lock at `nowMs`. */
export function isPastOfflineLock(lastContactAt: number, days: number, nowMs: number): boolean {
  return nowMs - lastContactAt > days * DAY_MS;
}

const state = createRoot(() =>
  createMemo<AccessState>(() => {
    const end = ended();
    if (end) return { kind: "ended", ...end };
    if (checking()) return { kind: "checking" };
    const s = session();
    if (!s) return { kind: "signed-out", offline: offlineAtStart() };
    const days = offlineLockDays(s);
    if (isPastOfflineLock(s.lastContactAt, days, now())) {
      return { kind: "locked", lastContactAt: s.lastContactAt, days };
    }
    return { kind: "active" };
  }),
);
/** Where the app stands: checking, signed out, access ended, locked offline, or active. */
export const accessState: Accessor<AccessState> = state;

function saveSession(next: Session | undefined): void {
  writeJson(SESSION_KEY, next);
  setSession(next);
}

/** Notes that the relay accepted this device just now (moves `lastContactAt`; unlocks). */
export function recordContact(at: number = Date.now()): void {
  const s = session();
  if (!s || ended()) return;
  saveSession({ ...s, lastContactAt: at });
  setNow(at);
}

type StartListener = (session: Session) => void;
const startListeners = new Set<StartListener>();

/** Calls `listener` when a session starts (at start-up or after signing in); returns an unsubscribe. */
export function onSessionStart(listener: StartListener): () => void {
  startListeners.add(listener);
  return () => startListeners.delete(listener);
}

let started = false;

function startSession(s: Session): void {
  if (started) return;
  started = true;
  connectRelay();
  for (const listener of [...startListeners]) listener(s);
}

/**
 * Stores what the relay said about this session and records the contact. When the relay now serves
 * another workspace than the one open, the open one stays until the reload the shell's notice offers;
 * the stored session already names the new one.
 */
function applyServerSession(server: ServerSession, signIn?: { deviceName: string }): Session {
  const previous = signIn ? undefined : session();
  const next: Session = {
    memberId: server.memberId,
    deviceId: server.deviceId,
    deviceName: signIn?.deviceName ?? previous?.deviceName ?? null,
    workspaceUrl: server.workspaceUrl as AutomergeUrl,
    privateUrl: server.privateUrl as AutomergeUrl | null,
    offlineLockDays: server.offlineLockDays,
    lastContactAt: Date.now(),
  };
  writeJson(SESSION_KEY, next);
  if (previous && previous.workspaceUrl !== next.workspaceUrl) {
    setReplaced(true);
    setSession({ ...next, workspaceUrl: previous.workspaceUrl });
  } else {
    setSession(next);
  }
  setNow(next.lastContactAt);
  return next;
}

/** The outcome of asking the relay about this device. */
export type RefreshOutcome = "ok" | "offline" | "refused" | "error";

let refreshing: Promise<RefreshOutcome> | undefined;

/**
 * `GET /api/bootstrap` with the device cookie: on success the session is updated and contact recorded
 * (unlocking a locked device); a 401 ends access (through {@link onAccessRefused}).
 */
export function refreshSession(): Promise<RefreshOutcome> {
  refreshing ??= (async (): Promise<RefreshOutcome> => {
    try {
      const body = await api<{ session?: unknown }>("/api/bootstrap", {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const server = parseServerSession(body?.session);
      if (!server) return "error";
      const previous = session();
      if (previous && previous.memberId !== server.memberId) {
        // The cookie now belongs to another member (signed in from another tab): never show this
        // member the previous one's meetings.
        await switchMember();
        return "ok";
      }
      applyServerSession(server);
      return "ok";
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return "refused";
      if (error instanceof ApiError && !error.offline) return "error";
      return "offline";
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

/** Another member's session replaces this one: erase (keeping the new device key) and start again. */
async function switchMember(): Promise<void> {
  relay.stop();
  await eraseLocalData({ keepDeviceKey: true });
  writeJson(SESSION_KEY, undefined);
  globalThis.location.assign("/");
}

const channel: BroadcastChannel | undefined =
  typeof BroadcastChannel === "function" ? new BroadcastChannel("hopso-session") : undefined;

/** Set while this device signs itself out: the relay's 4403 that follows is that sign-out. */
let signingOut = false;

/**
 * Ends this device's access: stops syncing for good, forgets the session and, for a revoked device, a
 * disabled member or a sign-out, erases local meeting data first. Idempotent.
 */
export function endAccess(reason: EndReason, options: { fromOtherTab?: boolean } = {}): Promise<void> {
  // One end per visit: a later call (the relay's 4403 racing a sign-out) waits for the same erase.
  ending ??= end(reason, options);
  return ending;
}

let ending: Promise<void> | undefined;

async function end(reason: EndReason, options: { fromOtherTab?: boolean }): Promise<void> {
  if (ended()) return; // already ended before this visit (shown from the stored record)
  const effective: EndReason = signingOut && reason === "device_revoked" ? "signed_out" : reason;
  const wipe = effective === "signed_out" || WIPE_REASONS.has(effective);
  const at = Date.now();
  relay.stop();
  const previousMemberId = session()?.memberId ?? readEndedRecord()?.previousMemberId ?? null;
  const record: EndedRecord = { reason: effective, wipe, erased: false, at, previousMemberId };
  if (wipe) clearLocalStorage();
  writeJson(SESSION_KEY, undefined);
  writeJson(ENDED_KEY, record);
  // Together: a moment with no session and no end would read as "signed out" and leave for /join.
  batch(() => {
    setEnded({ reason: effective, wipe, phase: wipe ? "erasing" : "done", problems: [], at });
    setSession(undefined);
  });
  if (!options.fromOtherTab) channel?.postMessage({ type: "ended", reason: effective });
  if (!wipe) return;
  await erase(record);
}

async function erase(record: EndedRecord): Promise<void> {
  setEnded({ ...record, phase: "erasing", problems: [] });
  const problems = await eraseLocalData();
  if (problems.length === 0) writeJson(ENDED_KEY, { ...record, erased: true });
  setEnded({ ...record, phase: problems.length === 0 ? "done" : "failed", problems });
}

/** Tries the erase again (after closing other tabs that held the database open). */
export async function retryErase(): Promise<void> {
  const record = readEndedRecord();
  if (record?.wipe) await erase(record);
}

/** The end of access recorded before this visit (shown on the sign-in page), if any. */
export function previousAccessEnd(): EndedRecord | undefined {
  return readEndedRecord();
}

/** Signs a device of this member out (`DELETE /api/me/devices/:id`); this device → erase and sign in. */
export async function signOutDevice(deviceId: string): Promise<void> {
  const own = session()?.deviceId === deviceId;
  if (own) signingOut = true;
  try {
    await api(`/api/me/devices/${encodeURIComponent(deviceId)}`, { method: "DELETE" });
  } catch (error) {
    signingOut = false;
    throw error;
  }
  if (own) await endAccess("signed_out");
}

/** Why an invitation could not be redeemed. */
export type RedeemFailure =
  | "invalid_code"
  | "invitation_expired"
  | "invitation_used"
  | "invalid_public_key"
  | "rate_limited"
  | "offline"
  | "crypto_unavailable"
  | "server_error";

export type RedeemResult =
  | { ok: true; session: Session; reload: boolean }
  | { ok: false; reason: RedeemFailure; retryAfterSeconds?: number | undefined };

const REDEEM_REFUSALS: ReadonlySet<string> = new Set([
  "invalid_code",
  "invitation_expired",
  "invitation_used",
  "invalid_public_key",
  "rate_limited",
]);

/**
 * Registers this device with an invitation code: makes the device key pair (private key
 * non-extractable, kept in IndexedDB `hopso-keys`), sends its public key, and stores the session. The
 * relay sets the device cookie. When another member was signed in on this device before, their local
 * data is erased first (`reload: true`: the page must be reloaded to open the new member's data).
 *
 * @param code "XXXXX-XXXXX" (see {@link normalizeInvitationCode})
 */
export async function redeemInvitation(code: string, deviceName: string): Promise<RedeemResult> {
  if (globalThis.navigator?.onLine === false) return { ok: false, reason: "offline" };
  let publicKeyJwk: JsonWebKey;
  try {
    ({ publicKeyJwk } = await createDeviceKey());
  } catch (error) {
    // No WebCrypto (an http:// origin other than localhost) or no IndexedDB (some private modes).
    console.warn("device key", error instanceof DeviceKeyUnavailableError ? error.message : error);
    return { ok: false, reason: "crypto_unavailable" };
  }
  let server: ServerSession | undefined;
  try {
    const body = await api<{ session?: unknown }>("/api/invitations/redeem", {
      method: "POST",
      body: { code, deviceName, publicKeyJwk },
      endsAccessOn401: false,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    server = parseServerSession(body?.session);
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.offline) return { ok: false, reason: "offline" };
      if (REDEEM_REFUSALS.has(error.code)) {
        return {
          ok: false,
          reason: error.code as RedeemFailure,
          retryAfterSeconds: error.retryAfterSeconds,
        };
      }
      if (error.status === 429)
        return { ok: false, reason: "rate_limited", retryAfterSeconds: error.retryAfterSeconds };
      return { ok: false, reason: "server_error" };
    }
    return { ok: false, reason: "offline" };
  }
  if (!server) return { ok: false, reason: "server_error" };

  const previousMember = session()?.memberId ?? readEndedRecord()?.previousMemberId ?? null;
  const otherMember = previousMember !== null && previousMember !== server.memberId;
  if (otherMember) {
    // Never show the new member what the previous one had on this device.
    await eraseLocalData({ keepDeviceKey: true });
    clearLocalStorage();
  }
  // A page loaded without a session has a Repo without storage; one that already synced for a
  // session, or was stopped or erased, must start afresh too.
  const reload = otherMember || started || relay.stopped || !repoIsPersistent;
  writeJson(ENDED_KEY, undefined);
  const next = applyServerSession(server, { deviceName });
  if (!reload) {
    setEnded(undefined);
    setOfflineAtStart(false);
    startSession(next);
  }
  return { ok: true, session: next, reload };
}

/** Crockford base32 (no I, L, O, U). */
const CODE_ALPHABET = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * An invitation code as typed or pasted ("abcde-fghjk", "ABCDEFGHJK", " abcde fghjk ") in its canonical
 * form "ABCDE-FGHJK", or undefined when it cannot be one. Case-insensitive; dashes and spaces are
 * ignored; the letters Crockford base32 reads as digits are mapped (O → 0, I and L → 1).
 */
export function normalizeInvitationCode(text: string): string | undefined {
  const compact = text
    .toUpperCase()
    .replace(/[\s\-‐‑–—]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (!CODE_ALPHABET.test(compact)) return undefined;
  return `${compact.slice(0, 5)}-${compact.slice(5)}`;
}

/** The code in an invitation link's fragment (`#code=XXXXX-XXXXX`), if any. */
export function codeFromFragment(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const code = params.get("code");
  return code ? code.trim() : undefined;
}

/**
 * A default device name from the user agent, e.g. "iPad · Safari", "Android · Chrome", "Windows · Edge".
 */
export function defaultDeviceName(userAgent: string, maxTouchPoints = 0): string {
  const ua = userAgent;
  let platform = "Thiết bị";
  if (/iPad/.test(ua) || (/Macintosh/.test(ua) && maxTouchPoints > 1)) platform = "iPad";
  else if (/iPhone/.test(ua)) platform = "iPhone";
  else if (/Android/.test(ua)) platform = /Mobile/.test(ua) ? "Android" : "Máy tính bảng Android";
  else if (/Windows/.test(ua)) platform = "Windows";
  else if (/CrOS/.test(ua)) platform = "Chromebook";
  else if (/Macintosh|Mac OS X/.test(ua)) platform = "Mac";
  else if (/Linux/.test(ua)) platform = "Linux";
  let browser = "";
  if (/Edg\//.test(ua)) browser = "Edge";
  else if (/CocCoc|coc_coc/i.test(ua)) browser = "Cốc Cốc";
  else if (/Firefox\//.test(ua) || /FxiOS/.test(ua)) browser = "Firefox";
  else if (/Chrome\/|CriOS/.test(ua)) browser = "Chrome";
  else if (/Safari\//.test(ua)) browser = "Safari";
  return browser ? `${platform} · ${browser}` : platform;
}

/**
 * Starts the session machinery once, at app start:
 * - a pending erase from an earlier visit (the page closed mid-way) is finished first;
 * - with a cached session: sync starts at once (offline starts work) and the relay is asked in the
 *   background; without one, `/api/bootstrap` tells whether the device cookie still holds a session.
 * - relay refusals (HTTP 401, close 4401/4403) end access; the relay answering on the socket is contact.
 */
export function initSession(): void {
  onAccessRefused((reason) => void endAccess(reason));
  relay.onRefused((refusal) => void endAccess(refusal.reason));
  repo.networkSubsystem.on("peer", ({ peerId }) => {
    if (peerId === relay.remotePeerId) recordContact();
  });
  setInterval(() => {
    const relayPeer = relay.remotePeerId;
    if (relayPeer && repo.peers.includes(relayPeer)) recordContact();
    else setNow(Date.now());
  }, CONTACT_TICK_MS);
  channel?.addEventListener("message", (event: MessageEvent<{ type?: string; reason?: unknown }>) => {
    if (event.data?.type === "ended" && isEndReason(event.data.reason)) {
      void endAccess(event.data.reason, { fromOtherTab: true });
    }
  });
  // Another tab signed in: this tab (signed out) follows with a fresh start.
  globalThis.addEventListener?.("storage", (event: StorageEvent) => {
    if (event.key === SESSION_KEY && event.newValue && !session() && !ended()) globalThis.location.reload();
  });
  globalThis.addEventListener?.("online", () => {
    if (session() && !ended()) void refreshSession();
  });
  setInterval(() => {
    if (state().kind === "locked") void refreshSession();
  }, RECHECK_MS);

  const record = readEndedRecord();
  const cached = session();
  if (record && !cached) {
    setEnded({
      reason: record.reason,
      wipe: record.wipe,
      phase: record.wipe && !record.erased ? "erasing" : "done",
      problems: [],
      at: record.at,
    });
    if (record.wipe && !record.erased) void erase(record);
    return;
  }
  if (cached) {
    startSession(cached);
    void refreshSession();
    return;
  }
  // No session cached: the cookie may still hold one (local data cleared by the browser, say).
  setChecking(true);
  void api<{ session?: unknown }>("/api/bootstrap", {
    endsAccessOn401: false,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
    .then((body) => {
      const server = parseServerSession(body?.session);
      if (!server) return;
      applyServerSession(server);
      // The Repo of a page loaded without a session keeps nothing: start again with storage.
      if (repoIsPersistent) startSession(session()!);
      else globalThis.location.reload();
    })
    .catch((error: unknown) => {
      setOfflineAtStart(error instanceof ApiError ? error.offline : true);
    })
    .finally(() => setChecking(false));
}
