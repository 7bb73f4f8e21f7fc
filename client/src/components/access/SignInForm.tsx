import { createSignal, createUniqueId, type JSX, Show } from "solid-js";
import { useI18n } from "../../i18n/index.ts";
import type { RedeemFailure, RedeemResult } from "../../state/session.ts";
import { normalizeInvitationCode } from "../../state/session.ts";

export interface SignInFormProps {
  /** A code from the invitation link (`#code=…`), prefilled. */
  initialCode?: string | undefined;
  defaultDeviceName: string;
  /** Registers the device (state/session.ts `redeemInvitation`). */
  onRedeem: (code: string, deviceName: string) => Promise<RedeemResult>;
  onSuccess: (result: Extract<RedeemResult, { ok: true }>) => void;
}

type FieldError = "join.codeRequired" | "join.codeInvalid" | "join.deviceNameRequired";

/**
 * The sign-in form: invitation code (typed, pasted or from the link; with or without the dash, any case)
 * and a device name. A refusal is announced at the top with its reason (invalid, expired, used, rate
 * limited — with the wait —, offline, …) and focus moves there; field problems are shown inline and
 * tied to their field.
 */
export function SignInForm(props: SignInFormProps): JSX.Element {
  const { t } = useI18n();
  const uid = createUniqueId();
  const id = (name: string) => `signin-${uid}-${name}`;
  const fromLink = Boolean(props.initialCode);
  const [code, setCode] = createSignal(
    props.initialCode ? (normalizeInvitationCode(props.initialCode) ?? props.initialCode) : "",
  );
  const [deviceName, setDeviceName] = createSignal(props.defaultDeviceName);
  const [errors, setErrors] = createSignal<{ code?: FieldError; deviceName?: FieldError }>({});
  const [failure, setFailure] = createSignal<{ reason: RedeemFailure; retryAfterSeconds?: number }>();
  const [submitting, setSubmitting] = createSignal(false);
  const [succeeded, setSucceeded] = createSignal(false);
  let codeInput: HTMLInputElement | undefined;
  let nameInput: HTMLInputElement | undefined;
  let alertRef: HTMLDivElement | undefined;

  const describedBy = (field: "code" | "deviceName") =>
    [id(`${field}-hint`), errors()[field] ? id(`${field}-error`) : ""].filter(Boolean).join(" ");

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (submitting()) return;
    setFailure(undefined);
    const next: { code?: FieldError; deviceName?: FieldError } = {};
    const typed = code().trim();
    const normalized = normalizeInvitationCode(typed);
    if (!typed) next.code = "join.codeRequired";
    else if (!normalized) next.code = "join.codeInvalid";
    const name = deviceName().trim();
    if (!name) next.deviceName = "join.deviceNameRequired";
    setErrors(next);
    if (next.code) {
      codeInput?.focus();
      return;
    }
    if (next.deviceName) {
      nameInput?.focus();
      return;
    }
    setCode(normalized!);
    setSubmitting(true);
    try {
      const result = await props.onRedeem(normalized!, name.slice(0, 100));
      if (result.ok) {
        setSucceeded(true);
        props.onSuccess(result);
        return;
      }
      setFailure({
        reason: result.reason,
        ...(result.retryAfterSeconds !== undefined ? { retryAfterSeconds: result.retryAfterSeconds } : {}),
      });
    } catch {
      setFailure({ reason: "server_error" });
    } finally {
      setSubmitting(false);
    }
    queueMicrotask(() => alertRef?.focus());
  };

  const retryMinutes = () => {
    const seconds = failure()?.retryAfterSeconds;
    return seconds !== undefined && seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : undefined;
  };

  return (
    <form class="signin-form" noValidate onSubmit={submit} aria-label={t("join.formLabel")}>
      <div ref={alertRef} tabIndex={-1} class="signin-alerts">
        <Show when={failure()}>
          {(f) => (
            <div class="notice notice-danger signin-failure" role="alert" data-reason={f().reason}>
              <p>
                {t(`joinError.${f().reason}`)}
                <Show when={retryMinutes()}>
                  {(minutes) => <> {t("joinError.retryAfter", { minutes: minutes() })}</>}
                </Show>
              </p>
            </div>
          )}
        </Show>
        <Show when={succeeded()}>
          <p class="notice notice-success" role="status">
            {t("join.success")}
          </p>
        </Show>
      </div>

      <div class="field">
        <label for={id("code")}>{t("join.codeLabel")}</label>
        <input
          ref={codeInput}
          id={id("code")}
          name="code"
          type="text"
          class="signin-code"
          autocomplete="one-time-code"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={24}
          value={code()}
          aria-invalid={errors().code ? "true" : undefined}
          aria-describedby={describedBy("code")}
          onInput={(e) => setCode(e.currentTarget.value)}
          onBlur={() => {
            const normalized = normalizeInvitationCode(code());
            if (normalized) setCode(normalized);
          }}
        />
        <p id={id("code-hint")} class="field-hint">
          {fromLink ? `${t("join.codeFromLink")} ` : ""}
          {t("join.codeHint")}
        </p>
        <Show when={errors().code}>
          {(key) => (
            <p id={id("code-error")} class="field-error">
              {t(key())}
            </p>
          )}
        </Show>
      </div>

      <div class="field">
        <label for={id("deviceName")}>{t("join.deviceNameLabel")}</label>
        <input
          ref={nameInput}
          id={id("deviceName")}
          name="deviceName"
          type="text"
          autocomplete="off"
          maxLength={100}
          value={deviceName()}
          aria-invalid={errors().deviceName ? "true" : undefined}
          aria-describedby={describedBy("deviceName")}
          onInput={(e) => setDeviceName(e.currentTarget.value)}
        />
        <p id={id("deviceName-hint")} class="field-hint">
          {t("join.deviceNameHint")}
        </p>
        <Show when={errors().deviceName}>
          {(key) => (
            <p id={id("deviceName-error")} class="field-error">
              {t(key())}
            </p>
          )}
        </Show>
      </div>

      <p class="signin-key-note">{t("join.keyNote")}</p>

      <div class="form-actions">
        <button
          type="submit"
          class="button button-primary signin-submit"
          disabled={submitting() || succeeded()}
        >
          {submitting() ? t("join.submitting") : t("join.submit")}
        </button>
      </div>
    </form>
  );
}
