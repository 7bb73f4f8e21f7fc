import type { DocHandle } from "@automerge/automerge-repo";
import { publishDeviceKeys, type WorkspaceDoc } from "../../../shared/src/index.ts";
import { changeAndHash } from "../access/changes.ts";
import type { RelayStore } from "../auth/store.ts";
import type { Logger } from "../logger.ts";

/**
 * Publishes the relay's registered devices and their public keys into the workspace document
 * (`deviceKeys`, shared/src/votes/directory.ts), so every device can verify every signed vote offline.
 * Called at start and whenever a device is registered or revoked; idempotent. The write filter refuses
 * every member's change to that part, so what devices read there is what the relay registered.
 */
export class DeviceKeyPublisher {
  readonly #workspace: DocHandle<WorkspaceDoc>;
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #record: (documentId: string, hashes: readonly string[]) => void;

  /**
   * @param record records the relay's own changes in the audit log (origin "relay")
   */
  constructor(
    workspace: DocHandle<WorkspaceDoc>,
    store: RelayStore,
    logger: Logger,
    record: (documentId: string, hashes: readonly string[]) => void,
  ) {
    this.#workspace = workspace;
    this.#store = store;
    this.#log = logger.child({ component: "device-keys" });
    this.#record = record;
  }

  /** Brings the published directory up to date with the store. @returns entries added or changed */
  publish(): number {
    const devices = this.#store.allDevices().map((d) => ({
      deviceId: d.id,
      memberId: d.memberId,
      publicKeyJwk: d.publicKeyJwk,
      createdAt: d.createdAt,
      revokedAt: d.revokedAt,
    }));
    let changed = 0;
    const hashes = changeAndHash(this.#workspace, (doc) => {
      changed = publishDeviceKeys(doc, devices);
    });
    if (hashes.length > 0) {
      this.#record(this.#workspace.documentId, hashes);
      this.#log.info({ changed, devices: devices.length }, "device key directory published");
    }
    return changed;
  }
}
