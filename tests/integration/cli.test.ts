import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceApi, redeem } from "./auth.ts";
import { createClient, type TestClient } from "./clients.ts";
import { makeTempDir, type RelayProcess, ROOT, startRelayProcess } from "./relay-process.ts";

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
}

let r: RelayProcess;
const clients: TestClient[] = [];

/** Runs `npm run admin -- …` the way npm does (tsx), against the running relay. */
function admin(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "sync-server/src/cli/admin.ts"), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: r.dataDir, RELAY_URL: r.url, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      let json = {} as CliResult["json"];
      if (args.includes("--json")) json = JSON.parse(stdout) as CliResult["json"];
      resolve({ code, stdout, stderr, json });
    });
  });
}

beforeAll(async () => {
  r = await startRelayProcess();
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await r?.cleanup();
});

describe("npm run admin, while the relay runs", () => {
  it("sets up the workspace with its first admin, once", async () => {
    const shown = await admin(["workspace", "show", "--json"]);
    expect(shown.code).toBe(0);
    expect(shown.json.workspace).toMatchObject({ name: "HọpSố", members: 0 });

    const created = await admin([
      "workspace",
      "create",
      "--name",
      "UBND phường Tân Định",
      "--admin-name",
      "Nguyễn Văn Hùng",
      "--admin-position",
      "Chủ tịch UBND phường",
      "--json",
    ]);
    expect(created.code).toBe(0);
    expect(created.json).toMatchObject({
      workspace: { name: "UBND phường Tân Định", members: 1 },
      admin: { fullName: "Nguyễn Văn Hùng", workspaceRole: "admin" },
      invitation: {
        code: expect.stringMatching(/^\w{5}-\w{5}$/),
        link: expect.stringContaining("/join#code="),
      },
    });
    const again = await admin(["workspace", "create", "--name", "Khác", "--json"]);
    expect(again.code).toBe(1);
    expect(again.json.error?.code).toBe("conflict");
    expect(again.stderr).toMatch(/already has members/);
  });

  it("adds units and members, invites, lists and revokes devices, disables members (--json)", async () => {
    const unit = await admin([
      "units",
      "add",
      "--name",
      "Phòng Kinh tế, Hạ tầng và Đô thị",
      "--kind",
      "department",
      "--json",
    ]);
    expect(unit.code).toBe(0);
    const unitId = (unit.json.unit as { id: string }).id;
    const units = await admin(["units", "list", "--json"]);
    expect((units.json.units as { name: string }[]).map((u) => u.name)).toContain(
      "Phòng Kinh tế, Hạ tầng và Đô thị",
    );

    const added = await admin([
      "members",
      "add",
      "--name",
      "Lê Thị Thu Hà",
      "--position",
      "Trưởng phòng",
      "--unit",
      unitId,
      "--email",
      "ha.ltt@example.vn",
      "--role",
      "secretary",
      "--json",
    ]);
    expect(added.code).toBe(0);
    const member = added.json.member as { id: string; unitName: string; workspaceRole: string };
    expect(member).toMatchObject({
      unitName: "Phòng Kinh tế, Hạ tầng và Đô thị",
      workspaceRole: "secretary",
    });

    const invited = await admin(["invite", member.id, "--expires", "90s", "--json"]);
    expect(invited.code).toBe(0);
    const invitation = invited.json.invitation as { code: string; expiresAt: string };
    expect(Date.parse(invitation.expiresAt) - Date.now()).toBeLessThanOrEqual(90_000);
    const device = await redeem(r, invitation.code, { deviceName: "iPad phòng họp" });
    expect(device.status).toBe(200);

    const list = await admin(["devices", "list", member.id, "--json"]);
    const devices = list.json.devices as { id: string; name: string; revokedAt: string | null }[];
    expect(devices).toEqual([expect.objectContaining({ name: "iPad phòng họp", revokedAt: null })]);
    const members = await admin(["members", "list", "--json"]);
    expect(
      (members.json.members as { id: string; activeDevices: number }[]).find((m) => m.id === member.id)
        ?.activeDevices,
    ).toBe(1);

    // Revoke: the device's socket closes and its credential is refused.
    const c = createClient(r.syncUrl, "ipad", { credential: device.credential! });
    clients.push(c);
    await c.connected();
    const revoked = await admin(["devices", "revoke", devices[0]!.id, "--json"]);
    expect(revoked.code).toBe(0);
    expect((revoked.json.device as { revokedAt: string | null }).revokedAt).toEqual(expect.any(String));
    expect((await c.accessEnded(5000)).reason).toBe("device_revoked");

    const role = await admin(["members", "role", member.id, "observer", "--json"]);
    expect((role.json.member as { workspaceRole: string }).workspaceRole).toBe("observer");
    const disabled = await admin(["members", "disable", member.id, "--json"]);
    expect(disabled.code).toBe(0);
    expect((disabled.json.member as { disabled: boolean }).disabled).toBe(true);
    const enabled = await admin(["members", "enable", member.id]);
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toMatch(/enabled/);

    // Text output for people.
    const table = await admin(["members", "list"]);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+ROLE/m);
    expect(table.stdout).toContain("Lê Thị Thu Hà");
    const plainInvite = await admin(["invite", member.id]);
    expect(plainInvite.stdout).toMatch(/code: \w{5}-\w{5}/);
    expect(plainInvite.stdout).toContain(`${r.url}/join#code=`);
  });

  it("errors exit non-zero with a message", async () => {
    const unknown = await admin(["members", "disable", "no-such-member", "--json"]);
    expect(unknown.code).toBe(1);
    expect(unknown.json.error).toMatchObject({ code: "not_found" });
    expect(unknown.stderr).toMatch(/^hopso-admin: /);

    const badRole = await admin(["members", "add", "--name", "X", "--role", "king", "--json"]);
    expect(badRole.code).toBe(1);
    expect(badRole.json.error?.code).toBe("invalid_input");

    const usage = await admin(["members", "frobnicate"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown command/);
    expect((await admin(["members", "add", "--json"])).code).toBe(2);
    expect((await admin(["invite", "x", "--expires", "soon"])).code).toBe(2);
    expect((await admin(["--bogus-flag"])).code).toBe(2);
    const help = await admin(["--help"]);
    expect([help.code, help.stdout.includes("npm run admin")]).toEqual([0, true]);

    const unreachable = await admin(["workspace", "show", "--json"], { RELAY_URL: "http://127.0.0.1:9" });
    expect(unreachable.code).toBe(3);
    expect(unreachable.json.error?.code).toBe("relay_unreachable");
    const noToken = await admin(["workspace", "show"], { DATA_DIR: await makeTempDir() });
    expect(noToken.code).toBe(3);
    expect(noToken.stderr).toMatch(/admin-token does not exist/);
  });

  it("the directory changes reach members' devices", async () => {
    const created = await admin(["members", "add", "--name", "Võ Minh Tuấn", "--json"]);
    const id = (created.json.member as { id: string }).id;
    const code = ((await admin(["invite", id, "--json"])).json.invitation as { code: string }).code;
    const device = await redeem(r, code);
    const me = await deviceApi<{ member: { fullName: string } }>(
      r,
      { headers: { authorization: `Bearer ${device.credential}` } },
      "GET",
      "/api/me",
    );
    expect(me.body.member.fullName).toBe("Võ Minh Tuấn");
  });
});
