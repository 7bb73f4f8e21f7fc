import { createResource, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import { formatDateTime, instant } from "../../../shared/src/index.ts";
import { useI18n } from "../i18n/index.ts";
import { ApiError, api } from "../state/api.ts";
import { currentMember } from "../state/permissions.ts";
import { accessEnded, currentSession, offlineLockDays, signOutDevice } from "../state/session.ts";
import { workspaceState } from "../state/workspace.ts";
import "../components/access/access.css";

/** One of the member's devices (`GET /api/me/devices`). */
interface DeviceInfo {
  id: string;
  name: string;
  createdAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
  current: boolean;
}

type DevicesResult = { kind: "ok"; devices: DeviceInfo[] } | { kind: "offline" } | { kind: "error" };

function asInstant(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return instant(value);
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return null;
}

async function fetchDevices(): Promise<DevicesResult> {
  try {
    const body = await api<{ devices?: unknown }>("/api/me/devices", { signal: AbortSignal.timeout(15_000) });
    const list = Array.isArray(body?.devices) ? body.devices : [];
    const devices = list
      .map((d: Record<string, unknown>): DeviceInfo | undefined =>
        typeof d?.id === "string"
          ? {
              id: d.id,
              name: typeof d.name === "string" && d.name ? d.name : d.id,
              createdAt: asInstant(d.createdAt),
              lastSeenAt: asInstant(d.lastSeenAt),
              revokedAt: asInstant(d.revokedAt),
              current: d.current === true,
            }
          : undefined,
      )
      .filter((d): d is DeviceInfo => d !== undefined)
      // This device first, then active ones, most recently seen first.
      .sort(
        (a, b) =>
          Number(b.current) - Number(a.current) ||
          Number(a.revokedAt !== null) - Number(b.revokedAt !== null) ||
          (b.lastSeenAt ?? "").localeCompare(a.lastSeenAt ?? ""),
      );
    return { kind: "ok", devices };
  } catch (error) {
    if (error instanceof ApiError && !error.offline) return { kind: "error" };
    return { kind: "offline" };
  }
}

/**
 * "/profile" (Hồ sơ): the member's directory entry (from the workspace document, so it shows offline),
 * this device, and the member's devices from the relay with "Đăng xuất" for each. Signing out another
 * device revokes it (it erases its data when it next connects); signing out this device erases this
 * device's meeting data at once and goes to sign-in.
 */
export default function Profile(): JSX.Element {
  const { t } = useI18n();
  const session = currentSession;
  const [devices, { refetch }] = createResource(fetchDevices);
  const [confirming, setConfirming] = createSignal<string>();
  const [busy, setBusy] = createSignal<string>();
  const [note, setNote] = createSignal("");
  const [failure, setFailure] = createSignal<string>();

  const time = (iso: string | null) => (iso ? formatDateTime(iso) : "");

  const signOut = async (device: DeviceInfo) => {
    setBusy(device.id);
    setFailure(undefined);
    try {
      await signOutDevice(device.id);
      if (device.current || device.id === session()?.deviceId) {
        // Erased (state/session.ts): on to sign-in — unless the erase needs a retry (the ended screen).
        if (accessEnded()?.phase === "done") globalThis.location.assign("/join");
        return;
      }
      setNote(t("profile.signedOut", { name: device.name }));
      setConfirming(undefined);
      refetch();
    } catch {
      setFailure(t("profile.signOutFailed"));
    } finally {
      setBusy(undefined);
    }
  };

  const isThisDevice = (d: DeviceInfo) => d.current || d.id === session()?.deviceId;
  const signOutLabel = (d: DeviceInfo) =>
    isThisDevice(d)
      ? t("profile.signOutThisLabel", { name: d.name })
      : t("profile.signOutLabel", { name: d.name });

  return (
    <div class="profile">
      <h1>{t("profile.title")}</h1>

      <section class="card profile-section" aria-labelledby="profile-member">
        <h2 id="profile-member">{t("profile.memberHeading")}</h2>
        <Show
          when={currentMember()}
          fallback={
            <p class="hint">
              {workspaceState().kind === "loading" ? t("profile.memberLoading") : t("profile.memberMissing")}
            </p>
          }
        >
          {(m) => (
            <dl class="profile-details">
              <dt>{t("profile.name")}</dt>
              <dd class="profile-name">
                {m().fullName}
                <Show when={m().disabled}>
                  <span class="role-badge profile-disabled">{t("profile.disabled")}</span>
                </Show>
              </dd>
              <dt>{t("profile.position")}</dt>
              <dd>{m().position || t("profile.none")}</dd>
              <dt>{t("profile.unit")}</dt>
              <dd>{m().unitName ?? t("profile.none")}</dd>
              <dt>{t("profile.role")}</dt>
              <dd>{t(`wsRole.${m().workspaceRole}`)}</dd>
              <Show when={m().email}>
                <dt>{t("profile.email")}</dt>
                <dd>{m().email}</dd>
              </Show>
              <Show when={m().phone}>
                <dt>{t("profile.phone")}</dt>
                <dd>{m().phone}</dd>
              </Show>
            </dl>
          )}
        </Show>
      </section>

      <section class="card profile-section" aria-labelledby="profile-this-device">
        <h2 id="profile-this-device">{t("profile.thisDeviceHeading")}</h2>
        <dl class="profile-details">
          <dt>{t("profile.deviceName")}</dt>
          <dd>
            {(() => {
              const result = devices();
              const fromRelay =
                result?.kind === "ok" ? result.devices.find((d) => isThisDevice(d))?.name : undefined;
              return fromRelay ?? session()?.deviceName ?? t("profile.none");
            })()}
          </dd>
          <dt>{t("profile.deviceId")}</dt>
          <dd>
            <code>{session()?.deviceId ?? t("profile.none")}</code>
          </dd>
          <dt>{t("profile.lastContact")}</dt>
          <dd>
            {(() => {
              const at = session()?.lastContactAt;
              return at ? formatDateTime(instant(at)) : t("profile.none");
            })()}
          </dd>
          <dt>{t("profile.offlineLock")}</dt>
          <dd>{t("profile.offlineLockDays", { days: offlineLockDays() })}</dd>
        </dl>
      </section>

      <section class="card profile-section" aria-labelledby="profile-devices">
        <div class="section-header">
          <h2 id="profile-devices">{t("profile.devicesHeading")}</h2>
          <button
            type="button"
            class="button button-small"
            onClick={() => refetch()}
            disabled={devices.loading}
          >
            {t("profile.refresh")}
          </button>
        </div>
        <p class="hint">{t("profile.devicesIntro")}</p>
        <p class="visually-hidden" role="status">
          {note()}
        </p>
        <Show when={failure()}>
          <p class="action-error" role="alert">
            {failure()}
          </p>
        </Show>
        <Switch>
          <Match when={devices.loading && !devices.latest}>
            <p role="status">{t("profile.devicesLoading")}</p>
          </Match>
          <Match when={devices()?.kind === "offline"}>
            <p class="notice notice-info">{t("profile.devicesOffline")}</p>
          </Match>
          <Match when={devices()?.kind === "error"}>
            <p class="notice notice-danger">{t("profile.devicesError")}</p>
          </Match>
          <Match
            when={(() => {
              const r = devices();
              return r?.kind === "ok" ? r.devices : undefined;
            })()}
          >
            {(list) => (
              <ul class="device-list">
                <For each={list()}>
                  {(device) => (
                    <li class="device" classList={{ "is-revoked": device.revokedAt !== null }}>
                      <div class="device-text">
                        <span class="device-name">
                          {device.name}
                          <Show when={isThisDevice(device)}>
                            <span class="role-badge device-current">{t("profile.current")}</span>
                          </Show>
                        </span>
                        <span class="device-meta">
                          <Show when={device.createdAt}>
                            <span>{t("profile.registered", { time: time(device.createdAt) })}</span>
                          </Show>
                          <span>
                            {device.lastSeenAt
                              ? t("profile.lastSeen", { time: time(device.lastSeenAt) })
                              : t("profile.neverSeen")}
                          </span>
                          <Show when={device.revokedAt}>
                            <span class="device-revoked">
                              {t("profile.revoked", { time: time(device.revokedAt) })}
                            </span>
                          </Show>
                        </span>
                      </div>
                      <Show when={device.revokedAt === null}>
                        <Show
                          when={confirming() === device.id}
                          fallback={
                            <button
                              type="button"
                              id={`device-signout-${device.id}`}
                              class="button button-danger"
                              aria-label={signOutLabel(device)}
                              onClick={() => setConfirming(device.id)}
                            >
                              {t("profile.signOut")}
                            </button>
                          }
                        >
                          <fieldset class="device-confirm">
                            <legend class="visually-hidden">{signOutLabel(device)}</legend>
                            <p>
                              {isThisDevice(device)
                                ? t("profile.confirmSignOutThis")
                                : t("profile.confirmSignOut", { name: device.name })}
                            </p>
                            <div class="form-actions">
                              <button
                                type="button"
                                class="button button-danger"
                                disabled={busy() !== undefined}
                                ref={(el) => queueMicrotask(() => el.focus())}
                                onClick={() => void signOut(device)}
                              >
                                {busy() === device.id ? t("profile.signingOut") : t("profile.confirm")}
                              </button>
                              <button
                                type="button"
                                class="button"
                                onClick={() => {
                                  setConfirming(undefined);
                                  queueMicrotask(() =>
                                    document.getElementById(`device-signout-${device.id}`)?.focus(),
                                  );
                                }}
                              >
                                {t("profile.cancel")}
                              </button>
                            </div>
                          </fieldset>
                        </Show>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Match>
        </Switch>
      </section>
    </div>
  );
}
