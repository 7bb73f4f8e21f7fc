import { generateAutomergeUrl } from "@automerge/automerge-repo";
import { createComputed, createRoot } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * The session's access decisions, with the Repo, the relay socket and the erase replaced by stubs:
 * a relay refusal (HTTP 401 or close 4401/4403) stops the socket for good, forgets the session and —
 * for a revoked device or a disabled member — erases local data; the offline lock follows lastContactAt.
 */

const stubs = vi.hoisted(() => {
  const refusalListeners: ((r: { closeCode: number; reason: string }) => void)[] = [];
  return {
    refusalListeners,
    relay: {
      stopped: false,
      remotePeerId: undefined as string | undefined,
      socketState: "idle",
      stop: vi.fn(function (this: { stopped: boolean }) {
        this.stopped = true;
      }),
      onRefused: (fn: (r: { closeCode: number; reason: string }) => void) => {
        refusalListeners.push(fn);
        return () => {};
      },
    },
    connectRelay: vi.fn(),
    eraseLocalData: vi.fn(async () => [] as string[]),
  };
});

vi.mock("./repo.ts", () => ({
  relay: stubs.relay,
  repo: { networkSubsystem: { on: vi.fn() }, peers: [] },
  connectRelay: stubs.connectRelay,
  repoIsPersistent: true,
}));
vi.mock("./wipe.ts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./wipe.ts")>()),
  eraseLocalData: stubs.eraseLocalData,
}));

const DAY = 24 * 60 * 60 * 1000;

function storedSession(lastContactAt = Date.now()) {
  return {
    memberId: "m-1",
    deviceId: "d-1",
    deviceName: "iPad",
    workspaceUrl: generateAutomergeUrl(),
    privateUrl: generateAutomergeUrl(),
    offlineLockDays: 30,
    lastContactAt,
  };
}

async function freshSession(stored?: object, fetchAnswer?: () => Promise<Response>) {
  vi.resetModules();
  localStorage.clear();
  if (stored) localStorage.setItem("hopso.session", JSON.stringify(stored));
  localStorage.setItem("hopso.locale", "vi");
  stubs.relay.stopped = false;
  stubs.relay.stop.mockClear();
  stubs.eraseLocalData.mockClear();
  stubs.connectRelay.mockClear();
  stubs.refusalListeners.length = 0;
  // Each test imports a fresh module; earlier ones would answer each other's cross-tab messages.
  vi.stubGlobal("BroadcastChannel", undefined);
  vi.stubGlobal("fetch", vi.fn(fetchAnswer ?? (async () => new Response(null, { status: 503 }))));
  const session = await import("./session.ts");
  session.initSession();
  return session;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

beforeEach(() => {
  vi.useRealTimers();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("session", () => {
  it("starts syncing at once with a cached session (offline start) and is active", async () => {
    const session = await freshSession(storedSession());
    expect(stubs.connectRelay).toHaveBeenCalledTimes(1);
    expect(session.accessState().kind).toBe("active");
  });

  it("without a session asks the relay, and goes to sign-in when it does not know the device", async () => {
    const session = await freshSession(undefined, async () =>
      json(401, { error: { code: "unauthenticated", message: "no credential" } }),
    );
    expect(session.accessState().kind).toBe("checking");
    await vi.waitFor(() => expect(session.accessState()).toEqual({ kind: "signed-out", offline: false }));
    expect(stubs.connectRelay).not.toHaveBeenCalled();
    // Not an end of access: there was no session to end.
    expect(localStorage.getItem("hopso.accessEnded")).toBeNull();
  });

  it("a revoked device (close 4403) stops the socket, erases local data, and says why", async () => {
    const session = await freshSession(storedSession());
    const kinds: string[] = [];
    createRoot(() => createComputed(() => kinds.push(session.accessState().kind)));
    for (const listener of stubs.refusalListeners) listener({ closeCode: 4403, reason: "device_revoked" });
    expect(stubs.relay.stop).toHaveBeenCalled();
    await vi.waitFor(() => expect(session.accessState()).toMatchObject({ kind: "ended", phase: "done" }));
    expect(session.accessState()).toMatchObject({ reason: "device_revoked", wipe: true });
    expect(stubs.eraseLocalData).toHaveBeenCalledTimes(1);
    // Straight from active to ended: never "signed-out" in between (that would leave for /join).
    expect([...new Set(kinds)]).toEqual(["active", "ended"]);
    expect(localStorage.getItem("hopso.session")).toBeNull();
    // Device preferences survive the erase; the record of why survives a reload.
    expect(localStorage.getItem("hopso.locale")).toBe("vi");
    expect(JSON.parse(localStorage.getItem("hopso.accessEnded") ?? "{}")).toMatchObject({
      reason: "device_revoked",
      erased: true,
      previousMemberId: "m-1",
    });
  });

  it("an HTTP 401 credential_invalid ends access without erasing", async () => {
    const session = await freshSession(storedSession(), async () =>
      json(401, { error: { code: "credential_invalid", message: "rotated" } }),
    );
    await vi.waitFor(() => expect(session.accessState().kind).toBe("ended"));
    expect(session.accessState()).toMatchObject({ reason: "credential_invalid", wipe: false, phase: "done" });
    expect(stubs.relay.stop).toHaveBeenCalled();
    expect(stubs.eraseLocalData).not.toHaveBeenCalled();
  });

  it("a disabled member's 401 erases too, and a reload still shows the end", async () => {
    const first = await freshSession(storedSession(), async () =>
      json(401, { error: { code: "member_disabled", message: "disabled" } }),
    );
    await vi.waitFor(() => expect(first.accessState()).toMatchObject({ kind: "ended", phase: "done" }));
    expect(stubs.eraseLocalData).toHaveBeenCalledTimes(1);
    const record = localStorage.getItem("hopso.accessEnded");
    vi.resetModules();
    const again = await import("./session.ts");
    localStorage.setItem("hopso.accessEnded", record ?? "");
    again.initSession();
    expect(again.accessState()).toMatchObject({ kind: "ended", reason: "member_disabled", phase: "done" });
  });

  it("locks after offlineLockDays without contact, and unlocks when the relay accepts the device", async () => {
    const session = await freshSession(storedSession(Date.now() - 31 * DAY), async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(session.accessState()).toMatchObject({ kind: "locked", days: 30 });
    expect(await session.refreshSession()).toBe("offline");
    expect(session.accessState().kind).toBe("locked");
    const workspaceUrl = JSON.parse(localStorage.getItem("hopso.session") ?? "{}").workspaceUrl;
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        json(200, {
          session: {
            memberId: "m-1",
            deviceId: "d-1",
            workspaceUrl,
            privateUrl: null,
            offlineLockDays: 30,
            serverTime: new Date().toISOString(),
          },
        }),
      ),
    );
    expect(await session.refreshSession()).toBe("ok");
    expect(session.accessState().kind).toBe("active");
  });

  it("the workspace's offline-lock setting overrides the session's", async () => {
    const session = await freshSession(storedSession(Date.now() - 8 * DAY));
    expect(session.accessState().kind).toBe("active");
    session.setWorkspaceLockDays(7);
    expect(session.accessState()).toMatchObject({ kind: "locked", days: 7 });
  });
});

describe("invitation codes and device names", () => {
  it("normalizes codes with or without dash, any case, Crockford look-alikes", async () => {
    const { normalizeInvitationCode, codeFromFragment } = await import("./session.ts");
    expect(normalizeInvitationCode("7k3qd-m9xta")).toBe("7K3QD-M9XTA");
    expect(normalizeInvitationCode(" 7K3QDM9XTA ")).toBe("7K3QD-M9XTA");
    expect(normalizeInvitationCode("7k3qd m9xta")).toBe("7K3QD-M9XTA");
    expect(normalizeInvitationCode("oOiIl-lLLL0")).toBe("00111-11110");
    expect(normalizeInvitationCode("7K3QD-M9XT")).toBeUndefined();
    expect(normalizeInvitationCode("7K3QD-M9XTU")).toBeUndefined();
    expect(codeFromFragment("#code=7K3QD-M9XTA")).toBe("7K3QD-M9XTA");
    expect(codeFromFragment("")).toBeUndefined();
  });

  it("names the device from its user agent", async () => {
    const { defaultDeviceName } = await import("./session.ts");
    expect(
      defaultDeviceName(
        "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("iPad · Safari");
    expect(
      defaultDeviceName(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
        5,
      ),
    ).toBe("iPad · Safari");
    expect(
      defaultDeviceName(
        "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
      ),
    ).toBe("Máy tính bảng Android · Chrome");
    expect(
      defaultDeviceName(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
      ),
    ).toBe("Windows · Edge");
  });
});
