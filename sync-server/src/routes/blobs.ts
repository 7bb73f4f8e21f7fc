import { Hono } from "hono";
import { type DeviceEnv, type HttpSecurity, requireDevice } from "../auth/http.ts";
import type { AuthService } from "../auth/service.ts";
import type { MeetingBlobAccess } from "../blobs/access.ts";
import type { PdfValidation } from "../blobs/pdf-validate.ts";
import { blobRoutes } from "../blobs/routes.ts";
import type { BlobStore } from "../blobs/store.ts";

/** The meeting-file services the relay mounts at `/api/blobs`. */
export interface MeetingFileDeps {
  readonly store: BlobStore;
  /** Usually `PdfValidator.validate`. */
  readonly validate: (bytes: Uint8Array) => Promise<PdfValidation>;
  readonly access: Pick<MeetingBlobAccess, "canUpload" | "canRead">;
  /** Largest upload, bytes (BLOB_MAX_BYTES). */
  readonly maxUploadBytes: number;
}

/**
 * Meeting files at `/api/blobs/:hash` (blobs/routes.ts has the wire details), behind a device
 * credential like the rest of the device API:
 * - `PUT /api/blobs/:hash?meeting=<documentId>` — only a member who may write that meeting
 *   (a cookie-authenticated upload also needs `X-HopSo-Request: 1`);
 * - `GET|HEAD /api/blobs/:hash` — only a member who may read a meeting referencing the hash.
 * A refused caller gets 403 before anything about the file (not even whether it exists) is said.
 */
export function meetingFileRoutes(deps: {
  readonly auth: AuthService;
  readonly security: HttpSecurity;
  readonly blobs: MeetingFileDeps;
}): Hono<DeviceEnv> {
  const { blobs } = deps;
  const api = new Hono<DeviceEnv>();
  api.use("*", requireDevice(deps.auth, deps.security));
  api.route(
    "/",
    blobRoutes<DeviceEnv>({
      store: blobs.store,
      validate: blobs.validate,
      maxUploadBytes: blobs.maxUploadBytes,
      canUpload: (c) => blobs.access.canUpload(c.var.auth.member.id, c.req.query("meeting")),
      canReadBlob: (c, hash) => blobs.access.canRead(c.var.auth.member.id, hash),
    }),
  );
  return api;
}
