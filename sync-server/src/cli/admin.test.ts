import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAdminToken } from "../auth/secrets.ts";
import { ExitCode, parseDuration, runAdmin } from "./admin.ts";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "hopso-cli-"));
  await writeFile(path.join(dataDir, "admin-token"), `${newAdminToken()}\n`, { mode: 0o600 });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = "";
  let err = "";
  const code = await runAdmin(
    args,
    { DATA_DIR: dataDir, ...env },
    { out: (t) => (out += t), err: (t) => (err += t) },
  );
  return { code, out, err };
}

describe("admin CLI", () => {
  it("parses durations", () => {
    expect(parseDuration("7d")).toBe(604_800);
    expect(parseDuration("12h")).toBe(43_200);
    expect(parseDuration("30m")).toBe(1800);
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("3600")).toBe(3600);
    expect(() => parseDuration("soon")).toThrow(/not a duration/);
  });

  it("exits 2 with the usage for bad commands and options, 0 for --help", async () => {
    expect((await run([])).code).toBe(ExitCode.Usage);
    const unknown = await run(["members", "frob"]);
    expect([unknown.code, unknown.err]).toEqual([ExitCode.Usage, expect.stringContaining("unknown command")]);
    const flag = await run(["members", "list", "--nope", "--json"]);
    expect(flag.code).toBe(ExitCode.Usage);
    expect(JSON.parse(flag.out)).toEqual({
      error: { code: "usage", message: expect.stringContaining("--nope") },
    });
    expect((await run(["members", "add"])).code).toBe(ExitCode.Usage);
    const help = await run(["--help"]);
    expect([help.code, help.out]).toEqual([
      ExitCode.Ok,
      expect.stringContaining("npm run admin -- <command>"),
    ]);
  });

  it("exits 3 when the relay is unreachable or DATA_DIR has no admin token", async () => {
    const down = await run(["workspace", "show", "--json"], { RELAY_URL: "http://127.0.0.1:9" });
    expect(down.code).toBe(ExitCode.Unreachable);
    expect(JSON.parse(down.out).error.code).toBe("relay_unreachable");
    const noToken = await run(["workspace", "show"], { DATA_DIR: path.join(dataDir, "missing") });
    expect([noToken.code, noToken.err]).toEqual([
      ExitCode.Unreachable,
      expect.stringContaining("admin-token does not exist"),
    ]);
  });
});
