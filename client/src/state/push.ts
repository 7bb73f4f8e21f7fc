/**
 * Web Push on this device (issue 9): whether it can get notifications, turning them on (only from a
 * user's tap: the permission prompt is never shown unasked), off, and a test notification. The relay
 * stores one subscription per device (docs/relay-protocol.md "Web Push"); reminders themselves are
 * scheduled by the relay from the documents.
 */
import { api } from "./api.ts";

/** What this browser allows. */
export type PushSupport =
  /** Service worker, PushManager and notifications are there. */
  | "supported"
  /** iPhone/iPad in Safari: Web Push works only for an app added to the Home Screen (iOS 16.4+). */
  | "ios-install-first"
  /** No Web Push at all (an old browser, a private window of some browsers). */
  | "unsupported";

/** Where this device stands. */
export interface DevicePushState {
  readonly support: PushSupport;
  /** `Notification.permission`, or "default" where notifications do not exist. */
  readonly permission: NotificationPermission;
  /** The relay has a subscription for this device. */
  readonly subscribed: boolean;
}

/** How long `PushManager.subscribe` may take before it is given up (it can hang without a push service). */
const SUBSCRIBE_TIMEOUT_MS = 20_000;

function isIos(nav: Navigator = navigator): boolean {
  return (
    /iPad|iPhone|iPod/.test(nav.userAgent) || (nav.userAgent.includes("Macintosh") && nav.maxTouchPoints > 1)
  );
}

function isStandalone(): boolean {
  return (
    globalThis.matchMedia?.("(display-mode: standalone)").matches === true ||
    (navigator as Navigator & { standalone?: boolean }).standalone === true
  );
}

/** What this browser allows (see {@link PushSupport}). */
export function pushSupport(): PushSupport {
  if (typeof navigator === "undefined") return "unsupported";
  const hasPush = "serviceWorker" in navigator && "PushManager" in globalThis && "Notification" in globalThis;
  if (isIos() && !isStandalone()) return "ios-install-first";
  return hasPush ? "supported" : "unsupported";
}

function permission(): NotificationPermission {
  return "Notification" in globalThis ? Notification.permission : "default";
}

/**
 * This device's state: support, permission and whether the relay holds its subscription.
 * @throws ApiError when the relay cannot be asked (offline: status 0)
 */
export async function devicePushState(): Promise<DevicePushState> {
  const support = pushSupport();
  if (support !== "supported") return { support, permission: permission(), subscribed: false };
  const { subscribed } = await api<{ subscribed: boolean }>("/api/push/subscription");
  return { support, permission: permission(), subscribed };
}

/** Why turning push on failed, for the settings page. */
export class PushSetupError extends Error {
  constructor(
    readonly reason:
      | "unsupported"
      | "ios-install-first"
      | "denied"
      | "subscribe-failed"
      | "offline"
      | "refused",
    message: string,
  ) {
    super(message);
    this.name = "PushSetupError";
  }
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const b64 = value
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(value.length / 4) * 4, "=");
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/**
 * Turns notifications on for this device. Call it only from a user's tap or click: it asks for the
 * notification permission, subscribes with the relay's VAPID key and registers the subscription.
 * @throws PushSetupError (unsupported, ios-install-first, denied, subscribe-failed, offline, refused)
 */
export async function enablePush(): Promise<void> {
  const support = pushSupport();
  if (support !== "supported") throw new PushSetupError(support, support);
  const granted = await Notification.requestPermission();
  if (granted !== "granted") throw new PushSetupError("denied", "permission not granted");
  let key: string;
  try {
    key = (await api<{ publicKey: string }>("/api/push/vapid-public-key")).publicKey;
  } catch (error) {
    throw new PushSetupError("offline", error instanceof Error ? error.message : String(error));
  }
  const registration = await navigator.serviceWorker.ready;
  let subscription: PushSubscription;
  try {
    const existing = await registration.pushManager.getSubscription();
    const sameKey =
      existing?.options.applicationServerKey &&
      bytesEqual(new Uint8Array(existing.options.applicationServerKey), base64UrlToBytes(key));
    if (existing && !sameKey) await existing.unsubscribe();
    subscription =
      (sameKey ? existing : null) ??
      (await withTimeout(
        registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: base64UrlToBytes(key),
        }),
        SUBSCRIBE_TIMEOUT_MS,
      ));
  } catch (error) {
    throw new PushSetupError("subscribe-failed", error instanceof Error ? error.message : String(error));
  }
  try {
    await api("/api/push/subscription", { method: "PUT", body: { subscription: subscription.toJSON() } });
  } catch (error) {
    const status = (error as { status?: number }).status;
    throw new PushSetupError(
      status === 0 ? "offline" : "refused",
      error instanceof Error ? error.message : String(error),
    );
  }
}

/**
 * Turns notifications off for this device: the relay forgets its subscription, and the browser's is
 * cancelled. @throws ApiError when the relay cannot be reached (the subscription then stays on the relay)
 */
export async function disablePush(): Promise<void> {
  await api("/api/push/subscription", { method: "DELETE" });
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    await (await registration?.pushManager.getSubscription())?.unsubscribe();
  } catch {
    // The relay no longer sends; a browser subscription left behind is harmless.
  }
}

/**
 * Sends a test notification to every device of the signed-in member.
 * @returns how many devices the push service accepted it for
 * @throws ApiError (offline: status 0)
 */
export async function sendTestNotification(): Promise<number> {
  const { results } = await api<{ results: Record<string, string> }>("/api/push/test", { method: "POST" });
  return Object.values(results).filter((r) => r === "delivered").length;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer from the push service within ${ms / 1000} s`)),
      ms,
    );
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
