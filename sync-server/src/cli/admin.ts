/**
 * HọpSố admin command line: `npm run admin -- <command> [options]` (tsx sync-server/src/cli/admin.ts).
 *
 * It talks to the running relay's admin API (`/admin/*`, docs/relay-protocol.md) with the admin token
 * from DATA_DIR/admin-token, so it works while the relay serves members, and every directory change
 * syncs to their devices at once. Run `npm run admin -- --help` for the commands.
 *
 * Exit codes: 0 done; 1 the relay refused (the message says why, e.g. unknown member); 2 usage error;
 * 3 the relay is not reachable or DATA_DIR has no admin token.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { readAdminToken } from "../auth/admin-token.ts";

/** Exit codes (see the module comment). */
export const ExitCode = { Ok: 0, Refused: 1, Usage: 2, Unreachable: 3 } as const;

export const USAGE = `HọpSố admin — manage the workspace served by a running relay.

Usage: npm run admin -- <command> [options]

Commands:
  workspace show                       the workspace: name, URL, member and unit counts
  workspace create --name <name>       name the relay's workspace (once, while it has no members);
      [--admin-name <full name>]         with --admin-name, add the first admin and print their
      [--admin-position <title>]         invitation (--admin-email, --admin-phone, --expires)
  members list                         every member (disabled ones last)
  members add --name <full name>       add a member; options: --position, --unit <unitId>,
                                         --email, --phone, --role admin|secretary|member|observer
  members disable <memberId>           end a member's access now (their devices are disconnected)
  members enable <memberId>            give a disabled member access again
  members role <memberId> <role>       change a member's workspace role
  units list                           every unit
  units add --name <name>              add a unit; --kind department|ward|office|other, --parent <unitId>
  invite <memberId> [--expires <d>]    a single-use invitation (code and link); default 7d, e.g. 12h, 30m, 90s
  devices list <memberId>              a member's devices
  devices revoke <deviceId>            sign a device out now (it is disconnected and its data wiped)

Options:
  --json               print one JSON document on stdout (errors: {"error":{"code","message"}})
  --data-dir <dir>     DATA_DIR holding admin-token (default: $DATA_DIR, else ./data)
  --url <url>          the relay (default: $RELAY_URL, else http://$HOST:$PORT, i.e. http://127.0.0.1:8080)
  -h, --help           this text

Exit codes: 0 done, 1 refused by the relay, 2 usage error, 3 relay not reachable / no admin token.`;

/** Where output goes (stdout/stderr, or buffers in tests). */
export interface AdminIo {
  out(text: string): void;
  err(text: string): void;
}

/** A failure with its exit code and a machine-readable code. */
class CliError extends Error {
  constructor(
    readonly exitCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  "data-dir": { type: "string" },
  url: { type: "string" },
  name: { type: "string" },
  position: { type: "string" },
  unit: { type: "string" },
  email: { type: "string" },
  phone: { type: "string" },
  role: { type: "string" },
  kind: { type: "string" },
  parent: { type: "string" },
  expires: { type: "string" },
  "admin-name": { type: "string" },
  "admin-position": { type: "string" },
  "admin-email": { type: "string" },
  "admin-phone": { type: "string" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

/**
 * Runs one admin command.
 * @param argv arguments after the script name
 * @param env environment (DATA_DIR, RELAY_URL, HOST, PORT)
 * @returns the exit code
 */
export async function runAdmin(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: AdminIo,
): Promise<number> {
  let json = argv.includes("--json");
  try {
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (err) {
      throw new CliError(ExitCode.Usage, "usage", `${(err as Error).message}\n\n${USAGE}`);
    }
    const { values, positionals } = parsed;
    json = values.json === true;
    if (values.help || positionals.length === 0) {
      if (values.help) {
        io.out(`${USAGE}\n`);
        return ExitCode.Ok;
      }
      throw new CliError(ExitCode.Usage, "usage", USAGE);
    }
    const client = await connect(values, env);
    const result = await dispatch(client, positionals, values);
    io.out(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`);
    return ExitCode.Ok;
  } catch (err) {
    const e =
      err instanceof CliError
        ? err
        : new CliError(ExitCode.Refused, "internal", err instanceof Error ? err.message : String(err));
    if (json) io.out(`${JSON.stringify({ error: { code: e.code, message: e.message } })}\n`);
    io.err(`hopso-admin: ${e.message}\n`);
    return e.exitCode;
  }
}

interface Client {
  readonly url: string;
  call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T>;
}

async function connect(values: Values, env: NodeJS.ProcessEnv): Promise<Client> {
  const dataDir = values["data-dir"] ?? (env.DATA_DIR || "./data");
  const url = (values.url ?? env.RELAY_URL ?? defaultUrl(env)).replace(/\/+$/, "");
  let token: string;
  try {
    token = await readAdminToken(dataDir);
  } catch (err) {
    throw new CliError(ExitCode.Unreachable, "no_admin_token", (err as Error).message);
  }
  return {
    url,
    async call<T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> {
      let res: Response;
      try {
        res = await fetch(`${url}/admin${route}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
        const why = cause?.code ?? cause?.errors?.[0]?.code ?? (err as Error).message;
        throw new CliError(
          ExitCode.Unreachable,
          "relay_unreachable",
          `the relay is not reachable at ${url} (${why}); start it with npm run serve, or pass --url`,
        );
      }
      const text = await res.text();
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        throw new CliError(
          ExitCode.Refused,
          "bad_response",
          `unexpected answer from ${url} (HTTP ${res.status})`,
        );
      }
      if (!res.ok) {
        const error = (payload as { error?: { code?: string; message?: string } }).error;
        if (res.status === 404 && error?.message === "Not found") {
          throw new CliError(
            ExitCode.Unreachable,
            "admin_api_unavailable",
            `the admin API is not available at ${url}: run this on the relay's machine (ADMIN_API=local) or set ADMIN_API=any`,
          );
        }
        throw new CliError(
          ExitCode.Refused,
          error?.code ?? `http_${res.status}`,
          error?.message ?? `HTTP ${res.status}`,
        );
      }
      return payload as T;
    },
  };
}

function defaultUrl(env: NodeJS.ProcessEnv): string {
  let host = env.HOST || "127.0.0.1";
  if (host === "0.0.0.0") host = "127.0.0.1";
  if (host === "::") host = "::1";
  if (host.includes(":")) host = `[${host}]`;
  return `http://${host}:${env.PORT || "8080"}`;
}

interface Output {
  readonly data: unknown;
  readonly text: string;
}

async function dispatch(client: Client, positionals: string[], v: Values): Promise<Output> {
  const [group, action, ...rest] = positionals;
  const key = group === "invite" ? "invite" : `${group} ${action ?? ""}`.trim();
  const arg = (index: number, name: string): string => {
    const all = group === "invite" ? [action, ...rest] : rest;
    const value = all[index];
    if (!value)
      throw new CliError(ExitCode.Usage, "usage", `missing <${name}>: npm run admin -- ${key} <${name}>`);
    return value;
  };
  const need = (name: keyof Values & string): string => {
    const value = v[name];
    if (typeof value !== "string" || value.trim() === "") {
      throw new CliError(ExitCode.Usage, "usage", `missing --${name}: npm run admin -- ${key} --${name} <…>`);
    }
    return value;
  };
  switch (key) {
    case "workspace show": {
      const { workspace } = await client.call<{ workspace: WorkspaceInfo }>("GET", "/workspace");
      return { data: { workspace }, text: formatWorkspace(workspace) };
    }
    case "workspace create": {
      const admin = v["admin-name"]
        ? compact({
            fullName: v["admin-name"],
            position: v["admin-position"],
            email: v["admin-email"],
            phone: v["admin-phone"],
          })
        : undefined;
      const result = await client.call<{
        workspace: WorkspaceInfo;
        admin: Member | null;
        invitation: Invitation | null;
      }>(
        "POST",
        "/workspace",
        compact({
          name: need("name"),
          admin,
          expiresInSeconds: v.expires ? parseDuration(v.expires) : undefined,
        }),
      );
      const lines = [formatWorkspace(result.workspace)];
      if (result.admin) lines.push("", `Admin: ${result.admin.fullName} (${result.admin.id})`);
      if (result.invitation) lines.push(formatInvitation(result.invitation));
      return { data: result, text: lines.join("\n") };
    }
    case "members list": {
      const { members } = await client.call<{ members: Member[] }>("GET", "/members");
      return { data: { members }, text: formatMembers(members) };
    }
    case "members add": {
      const { member } = await client.call<{ member: Member }>(
        "POST",
        "/members",
        compact({
          fullName: need("name"),
          position: v.position,
          unitId: v.unit,
          email: v.email,
          phone: v.phone,
          workspaceRole: v.role,
        }),
      );
      return {
        data: { member },
        text: `Added ${member.fullName} (${member.workspaceRole})\n  id: ${member.id}`,
      };
    }
    case "members disable":
    case "members enable": {
      const id = arg(0, "memberId");
      const { member } = await client.call<{ member: Member }>(
        "POST",
        `/members/${encodeURIComponent(id)}/${action}`,
      );
      return {
        data: { member },
        text: `${member.fullName}: ${member.disabled ? "disabled (access ended)" : "enabled"}`,
      };
    }
    case "members role": {
      const id = arg(0, "memberId");
      const role = arg(1, "role");
      const { member } = await client.call<{ member: Member }>(
        "POST",
        `/members/${encodeURIComponent(id)}/role`,
        { role },
      );
      return { data: { member }, text: `${member.fullName}: ${member.workspaceRole}` };
    }
    case "units list": {
      const { units } = await client.call<{ units: Unit[] }>("GET", "/units");
      return { data: { units }, text: formatUnits(units) };
    }
    case "units add": {
      const { unit } = await client.call<{ unit: Unit }>(
        "POST",
        "/units",
        compact({ name: need("name"), kind: v.kind, parentId: v.parent }),
      );
      return { data: { unit }, text: `Added unit ${unit.name} (${unit.kind})\n  id: ${unit.id}` };
    }
    case "invite": {
      const memberId = arg(0, "memberId");
      const { invitation } = await client.call<{ invitation: Invitation }>(
        "POST",
        "/invitations",
        compact({ memberId, expiresInSeconds: v.expires ? parseDuration(v.expires) : undefined }),
      );
      return { data: { invitation }, text: formatInvitation(invitation) };
    }
    case "devices list": {
      const id = arg(0, "memberId");
      const { devices } = await client.call<{ devices: Device[] }>(
        "GET",
        `/members/${encodeURIComponent(id)}/devices`,
      );
      return { data: { devices }, text: formatDevices(devices) };
    }
    case "devices revoke": {
      const id = arg(0, "deviceId");
      const { device } = await client.call<{ device: Device }>(
        "POST",
        `/devices/${encodeURIComponent(id)}/revoke`,
      );
      return { data: { device }, text: `Device "${device.name}" revoked at ${device.revokedAt}` };
    }
    default:
      throw new CliError(ExitCode.Usage, "usage", `unknown command "${positionals.join(" ")}"\n\n${USAGE}`);
  }
}

/**
 * Parses a duration: "7d", "12h", "30m", "90s" or a number of seconds.
 * @throws CliError (usage) for anything else
 */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*([dhms]?)$/i.exec(text.trim());
  if (!match)
    throw new CliError(
      ExitCode.Usage,
      "usage",
      `--expires: "${text}" is not a duration such as 7d, 12h, 30m or 90s`,
    );
  const n = Number(match[1]);
  const unit = (match[2] ?? "").toLowerCase();
  const factor = unit === "d" ? 86_400 : unit === "h" ? 3600 : unit === "m" ? 60 : 1;
  return n * factor;
}

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---- output ----

interface WorkspaceInfo {
  workspaceUrl: string;
  name: string;
  members: number;
  activeMembers: number;
  units: number;
  offlineLockDays: number;
}
interface Member {
  id: string;
  fullName: string;
  position: string;
  unitName: string | null;
  workspaceRole: string;
  disabled: boolean;
  activeDevices: number;
}
interface Unit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  disabled: boolean;
}
interface Invitation {
  id: string;
  memberId: string;
  memberName: string;
  code: string;
  link: string;
  expiresAt: string;
}
interface Device {
  id: string;
  memberId: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

function formatWorkspace(w: WorkspaceInfo): string {
  return [
    `Workspace: ${w.name}`,
    `  url: ${w.workspaceUrl}`,
    `  members: ${w.activeMembers} active of ${w.members}; units: ${w.units}`,
    `  offline lock after: ${w.offlineLockDays} days`,
  ].join("\n");
}

function formatInvitation(i: Invitation): string {
  return [
    `Invitation for ${i.memberName} (single use, expires ${i.expiresAt})`,
    `  code: ${i.code}`,
    `  link: ${i.link}`,
  ].join("\n");
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

function formatMembers(members: Member[]): string {
  if (members.length === 0) return 'No members yet: npm run admin -- members add --name "…"';
  return table(
    ["ID", "NAME", "ROLE", "UNIT", "STATUS", "DEVICES"],
    members.map((m) => [
      m.id,
      m.fullName,
      m.workspaceRole,
      m.unitName ?? "",
      m.disabled ? "disabled" : "active",
      String(m.activeDevices),
    ]),
  );
}

function formatUnits(units: Unit[]): string {
  if (units.length === 0) return 'No units yet: npm run admin -- units add --name "…"';
  return table(
    ["ID", "NAME", "KIND", "PARENT"],
    units.map((u) => [u.id, u.name, u.kind, u.parentId ?? ""]),
  );
}

function formatDevices(devices: Device[]): string {
  if (devices.length === 0) return "No devices: this member has not signed in yet";
  return table(
    ["ID", "NAME", "CREATED", "LAST SEEN", "STATUS"],
    devices.map((d) => [
      d.id,
      d.name,
      d.createdAt,
      d.lastSeenAt ?? "",
      d.revokedAt ? `revoked ${d.revokedAt}` : "active",
    ]),
  );
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const code = await runAdmin(process.argv.slice(2), process.env, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
  process.exitCode = code;
}
