import { createECDH } from "node:crypto";
import { z } from "zod";

/**
 * Checking what a device sends to subscribe. The endpoint is a URL the relay will POST to, so it is an
 * SSRF vector: only https (http only when allowed, for the local push service of tests), no credentials,
 * and by default only the hosts of the browsers' push services.
 */

/**
 * Push services of the browsers in use (suffix match): Chrome/Edge-Chromium/Samsung/Opera (FCM),
 * Firefox (Mozilla autopush), Edge legacy (WNS), Safari (Apple).
 */
export const KNOWN_PUSH_SERVICE_HOSTS: readonly string[] = [
  "fcm.googleapis.com",
  "push.services.mozilla.com",
  "notify.windows.com",
  "push.apple.com",
];

export interface EndpointPolicy {
  /** Accept http:// endpoints (tests only). */
  readonly allowHttp: boolean;
  /** Hosts accepted (a host or any subdomain of it), or "any" host. */
  readonly allowedHosts: readonly string[] | "any";
}

export const DEFAULT_ENDPOINT_POLICY: EndpointPolicy = {
  allowHttp: false,
  allowedHosts: KNOWN_PUSH_SERVICE_HOSTS,
};

/** @returns null when the endpoint is acceptable, else the reason */
export function checkEndpoint(endpoint: string, policy: EndpointPolicy): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "endpoint is not a URL";
  }
  if (url.protocol !== "https:" && !(policy.allowHttp && url.protocol === "http:")) {
    return policy.allowHttp ? "endpoint must be an http(s) URL" : "endpoint must be an https URL";
  }
  if (url.username || url.password) return "endpoint must not carry credentials";
  if (policy.allowedHosts !== "any") {
    const host = url.hostname.toLowerCase();
    const ok = policy.allowedHosts.some((h) => host === h || host.endsWith(`.${h}`));
    if (!ok) return `endpoint host ${host} is not a known push service`;
  }
  return null;
}

const b64url = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Body of `PUT /api/push/subscription`: `PushSubscription.toJSON()` and, where the route does not know
 * the device from its credential, the device id.
 */
export const subscriptionBodySchema = z.object({
  deviceId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, "deviceId must be letters, digits, '-' or '_'")
    .optional(),
  subscription: z.object({
    endpoint: z.string().min(1).max(2048),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({
      p256dh: z
        .string()
        .regex(b64url, "p256dh must be base64url")
        .refine(isP256Point, "p256dh must be an uncompressed P-256 public key (65 bytes)"),
      auth: z
        .string()
        .regex(b64url, "auth must be base64url")
        .refine((a) => Buffer.from(a, "base64url").length === 16, "auth must be 16 bytes"),
    }),
  }),
});
export type SubscriptionBody = z.infer<typeof subscriptionBodySchema>;

function isP256Point(value: string): boolean {
  const bytes = Buffer.from(value, "base64url");
  if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    ecdh.computeSecret(bytes); // throws for a point not on the curve
    return true;
  } catch {
    return false;
  }
}
