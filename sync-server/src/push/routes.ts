import { type Context, type Env, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { MemberId } from "../../../shared/src/ids.ts";
import { errorBody } from "../errors.ts";
import type { PushScheduler } from "./scheduler.ts";
import type { PushStore } from "./store.ts";
import {
  checkEndpoint,
  DEFAULT_ENDPOINT_POLICY,
  type EndpointPolicy,
  subscriptionBodySchema,
} from "./subscription.ts";

export interface PushRouteDeps<E extends Env = Env> {
  /** The VAPID public key (base64url), given to `PushManager.subscribe({applicationServerKey})`. */
  readonly vapidPublicKey: string;
  readonly store: PushStore;
  /** For `POST /test`. */
  readonly scheduler: Pick<PushScheduler, "sendTest">;
  /**
   * The authenticated member of the request, or null (→ 401). Gets the Hono context, so whatever the
   * auth middleware put there (`c.get(…)`) is at hand.
   */
  readonly memberOf: (c: Context<E>) => MemberId | null | Promise<MemberId | null>;
  /**
   * The authenticated device of the request, when the credential names one (the relay's device API):
   * a subscription is then always stored for that device, and a body naming another device is refused
   * (403). Without it the body's `deviceId` is used (tests, other front ends).
   */
  readonly deviceOf?: (c: Context<E>) => string | null;
  readonly endpointPolicy?: EndpointPolicy;
  /** Clock, ms UTC. */
  readonly now?: () => number;
}

/** Response of `GET /vapid-public-key`. */
export interface VapidPublicKeyBody {
  publicKey: string;
}

/** Response of `PUT /subscription`. */
export interface SubscriptionSavedBody {
  deviceId: string;
}

/** Response of `GET /subscription`: whether the calling device has a subscription on the relay. */
export interface SubscriptionStateBody {
  subscribed: boolean;
  /** The stored endpoint's origin (never the whole URL, which is a capability). */
  endpointOrigin: string | null;
}

/** Response of `POST /test`: outcome per device id ("delivered", "gone", …). */
export interface TestPushBody {
  results: Record<string, string>;
}

/** A refusal answered as `{error: {code, message}}`. */
export class PushHttpError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: "unauthorized" | "forbidden" | "bad_request" | "bad_endpoint" | "not_found" | "too_large",
    message: string,
  ) {
    super(status, { message });
    this.name = "PushHttpError";
  }
}

/**
 * Web Push API. Mount under "/api/push" (before the `/api/*` 404 catch-all).
 *
 * `GET /vapid-public-key` → 200 {@link VapidPublicKeyBody} (behind the relay's device credential when
 *   mounted there; the key itself is public).
 * `PUT /subscription` — body `{deviceId?, subscription: PushSubscription.toJSON()}`; stores it for the
 *   signed-in member and device (replacing the device's earlier one, and any row with the same endpoint)
 *   → 200 {@link SubscriptionSavedBody}; 400 bad_request | bad_endpoint; 401 unauthorized; 403 forbidden
 *   (another device's id); 413.
 * `GET /subscription` → 200 {@link SubscriptionStateBody} for the calling device (needs `deviceOf`).
 * `DELETE /subscription` → 204, the calling device's subscription (idempotent; needs `deviceOf`).
 * `DELETE /subscription/:deviceId` → 204 (only the member's own device); 404 not_found; 401.
 * `POST /test` → 200 {@link TestPushBody}: a test notification to each of the member's devices; 401.
 */
export function pushRoutes<E extends Env = Env>(deps: PushRouteDeps<E>): Hono<E> {
  const policy = deps.endpointPolicy ?? DEFAULT_ENDPOINT_POLICY;
  const now = deps.now ?? Date.now;
  const app = new Hono<E>();

  app.onError((err, c) => {
    if (!(err instanceof PushHttpError)) throw err;
    return c.json(errorBody(err.code, err.message), err.status);
  });

  const member = async (c: Context<E>): Promise<MemberId> => {
    const id = await deps.memberOf(c);
    if (id === null) throw new PushHttpError(401, "unauthorized", "Sign in to manage notifications");
    return id;
  };

  const callers = new WeakMap<object, MemberId>();

  app.get("/vapid-public-key", (c) => {
    c.header("Cache-Control", "no-cache");
    const body: VapidPublicKeyBody = { publicKey: deps.vapidPublicKey };
    return c.json(body);
  });

  app.put(
    "/subscription",
    async (c, next) => {
      // Refuse before reading the body; remember who it was for the handler.
      callers.set(c, await member(c));
      await next();
    },
    bodyLimit({
      maxSize: 8 * 1024,
      onError: () => {
        throw new PushHttpError(413, "too_large", "Subscription body is too large");
      },
    }),
    async (c) => {
      const memberId = callers.get(c)!; // the same Context flows through the chain
      let json: unknown;
      try {
        json = await c.req.json();
      } catch {
        throw new PushHttpError(400, "bad_request", "Body must be JSON");
      }
      const parsed = subscriptionBodySchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PushHttpError(400, "bad_request", `${issue?.path.join(".")}: ${issue?.message}`);
      }
      const { subscription } = parsed.data;
      const own = deps.deviceOf?.(c as unknown as Context<E>) ?? null;
      if (own !== null && parsed.data.deviceId !== undefined && parsed.data.deviceId !== own) {
        throw new PushHttpError(403, "forbidden", "A device subscribes only itself");
      }
      const deviceId = own ?? parsed.data.deviceId;
      if (deviceId === undefined) throw new PushHttpError(400, "bad_request", "deviceId: Required");
      const refused = checkEndpoint(subscription.endpoint, policy);
      if (refused) throw new PushHttpError(400, "bad_endpoint", refused);
      deps.store.upsertSubscription(
        { deviceId, memberId, endpoint: subscription.endpoint, keys: subscription.keys },
        now(),
      );
      const body: SubscriptionSavedBody = { deviceId };
      return c.json(body);
    },
  );

  const ownDevice = (c: Context<E>): string => {
    const id = deps.deviceOf?.(c) ?? null;
    if (id === null) throw new PushHttpError(400, "bad_request", "This route needs a device credential");
    return id;
  };

  app.get("/subscription", async (c) => {
    const memberId = await member(c);
    const sub = deps.store.subscription(ownDevice(c));
    c.header("Cache-Control", "no-store");
    const body: SubscriptionStateBody =
      sub && sub.memberId === memberId
        ? { subscribed: true, endpointOrigin: new URL(sub.endpoint).origin }
        : { subscribed: false, endpointOrigin: null };
    return c.json(body);
  });

  app.delete("/subscription", async (c) => {
    const memberId = await member(c);
    deps.store.removeSubscription(ownDevice(c), memberId);
    return c.body(null, 204);
  });

  app.delete("/subscription/:deviceId", async (c) => {
    const memberId = await member(c);
    if (!deps.store.removeSubscription(c.req.param("deviceId"), memberId)) {
      throw new PushHttpError(404, "not_found", "No such subscription of yours");
    }
    return c.body(null, 204);
  });

  app.post("/test", async (c) => {
    const memberId = await member(c);
    const results = await deps.scheduler.sendTest(memberId);
    const body: TestPushBody = {
      results: Object.fromEntries([...results].map(([deviceId, r]) => [deviceId, r.outcome])),
    };
    return c.json(body);
  });

  return app;
}
