import { describe, expect, it } from "vitest";
import { ConfigError } from "../config.ts";
import { loadBlobConfig } from "./config.ts";

describe("loadBlobConfig", () => {
  it("defaults: DATA_DIR/blobs, 100 MiB, 30 s, 512 MiB, one worker", () => {
    expect(loadBlobConfig({}, "/data")).toEqual({
      directory: "/data/blobs",
      maxBytes: 100 * 1024 * 1024,
      validationTimeoutMs: 30_000,
      validationMemoryMb: 512,
      validationWorkers: 1,
    });
  });

  it("reads the environment, empty strings as unset", () => {
    expect(
      loadBlobConfig({ BLOB_MAX_BYTES: "20971520", PDF_CHECK_TIMEOUT_MS: "", PDF_CHECK_WORKERS: "2" }, "/d"),
    ).toMatchObject({ maxBytes: 20 * 1024 * 1024, validationTimeoutMs: 30_000, validationWorkers: 2 });
  });

  it("lists every invalid value", () => {
    try {
      loadBlobConfig({ BLOB_MAX_BYTES: "lots", PDF_CHECK_WORKERS: "0" }, "/d");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues).toEqual([
        expect.stringMatching(/^BLOB_MAX_BYTES="lots": .*number/),
        expect.stringMatching(/^PDF_CHECK_WORKERS="0": .*at least 1/),
      ]);
    }
  });
});
