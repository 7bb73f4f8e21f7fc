import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, PROJECT_ROOT } from "./config.ts";

describe("loadConfig", () => {
  it("has the documented defaults", () => {
    expect(loadConfig({}, [], "/srv/hopso")).toEqual({
      port: 8080,
      host: "127.0.0.1",
      dataDir: "/srv/hopso/data",
      distDir: path.join(PROJECT_ROOT, "dist"),
      demo: false,
      workspaceName: "HọpSố",
      maxFrameBytes: 64 * 1024 * 1024,
      fsync: true,
      logLevel: "info",
      publicOrigin: null,
      trustProxy: false,
      adminApi: "local",
      allowedOrigins: [],
      rateLimits: { redeem: 10, authFailures: 60, windowSeconds: 600 },
      blobs: {
        directory: "/srv/hopso/data/blobs",
        maxBytes: 100 * 1024 * 1024,
        validationTimeoutMs: 30_000,
        validationMemoryMb: 512,
        validationWorkers: 1,
      },
      push: expect.objectContaining({
        databaseFile: "/srv/hopso/data/push.sqlite",
        intervalMs: 30_000,
        endpointPolicy: expect.objectContaining({ allowHttp: false }),
      }),
    });
  });

  it("reads the upload limit and lists a bad one with the other issues", () => {
    expect(loadConfig({ BLOB_MAX_BYTES: "2048" }, [], "/srv").blobs.maxBytes).toBe(2048);
    expect(() => loadConfig({ BLOB_MAX_BYTES: "lots", PORT: "x" })).toThrow(/BLOB_MAX_BYTES[\s\S]*|PORT/);
  });

  it("reports an invalid push setting with the others", () => {
    expect(() => loadConfig({ PORT: "x", PUSH_INTERVAL_MS: "5" }, [], "/srv/hopso")).toThrow(
      /PORT="x"[\s\S]*PUSH_INTERVAL_MS="5"/,
    );
  });

  it("reads the environment and --demo; empty strings count as unset", () => {
    const config = loadConfig(
      {
        PORT: "0",
        HOST: "0.0.0.0",
        DATA_DIR: "/var/lib/hopso",
        HOPSO_DEMO: "",
        FSYNC: "0",
        MAX_FRAME_BYTES: "2048",
      },
      ["--demo"],
    );
    expect(config).toMatchObject({
      port: 0,
      host: "0.0.0.0",
      dataDir: "/var/lib/hopso",
      demo: true,
      fsync: false,
      maxFrameBytes: 2048,
    });
    expect(loadConfig({ HOPSO_DEMO: "1" }).demo).toBe(true);
    expect(
      loadConfig({
        PUBLIC_ORIGIN: "https://hop.example.vn/some/path",
        ALLOWED_ORIGINS: "http://localhost:5173, https://a.example.vn",
        ADMIN_API: "off",
        TRUST_PROXY: "1",
        REDEEM_RATE_LIMIT: "3",
      }),
    ).toMatchObject({
      publicOrigin: "https://hop.example.vn",
      allowedOrigins: ["http://localhost:5173", "https://a.example.vn"],
      adminApi: "off",
      trustProxy: true,
      rateLimits: { redeem: 3, authFailures: 60, windowSeconds: 600 },
    });
  });

  it("lists every bad value in one ConfigError", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "80a", MAX_FRAME_BYTES: "10", LOG_LEVEL: "loud", HOPSO_DEMO: "maybe" }, ["--seed"]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join("\n");
    expect(issues).toMatch(/unknown argument "--seed"/);
    expect(issues).toMatch(/PORT="80a": PORT must be a number/);
    expect(issues).toMatch(/MAX_FRAME_BYTES="10": MAX_FRAME_BYTES must be at least 1024/);
    expect(issues).toMatch(/LOG_LEVEL="loud"/);
    expect(issues).toMatch(/HOPSO_DEMO="maybe"/);
    expect(() => loadConfig({ PORT: "65536" })).toThrow(/PORT must be 0…65535/);
    expect(() => loadConfig({ PORT: "8080.5" })).toThrow(/whole number/);
    expect(() => loadConfig({ PUBLIC_ORIGIN: "ftp://x" })).toThrow(/PUBLIC_ORIGIN must be an http/);
    expect(() => loadConfig({ ADMIN_API: "public" })).toThrow(/ADMIN_API must be local, any or off/);
  });
});
