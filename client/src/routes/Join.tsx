import { useNavigate } from "@solidjs/router";
import { type JSX, Match, onMount, Show, Switch } from "solid-js";
import { SignInForm } from "../components/access/SignInForm.tsx";
import { LanguageSwitch } from "../components/shell/LanguageSwitch.tsx";
import { useI18n } from "../i18n/index.ts";
import {
  accessState,
  codeFromFragment,
  defaultDeviceName,
  previousAccessEnd,
  redeemInvitation,
} from "../state/session.ts";
import "../components/access/access.css";

/**
 * "/join": sign in this device with an invitation. The code comes from the invitation link's fragment
 * (`/join#code=XXXXX-XXXXX` — a fragment never reaches server logs) or is typed. The fragment is removed
 * from the address bar and history at once. After an earlier end of access, its reason is repeated here.
 */
export default function Join(): JSX.Element {
  const { t } = useI18n();
  const navigate = useNavigate();
  const linkCode = codeFromFragment(globalThis.location?.hash ?? "");
  const previous = previousAccessEnd();

  onMount(() => {
    if (linkCode) history.replaceState(history.state, "", "/join");
    document.title = `${t("join.title")} — ${t("app.name")}`;
  });

  const signedIn = () => {
    const kind = accessState().kind;
    return kind === "active" || kind === "locked";
  };

  return (
    <div class="fullscreen-state">
      <header class="fullscreen-header">
        <span class="fullscreen-brand">
          <img src="/logo.svg" alt="" width="32" height="32" />
          {t("app.name")}
          <span class="fullscreen-tagline">{t("app.tagline")}</span>
        </span>
        <LanguageSwitch class="fullscreen-language" />
      </header>
      <main id="main" class="fullscreen-main" tabindex="-1">
        <section class="fullscreen-card card signin" aria-labelledby="signin-title">
          <h1 id="signin-title">{t("join.title")}</h1>
          <p>{t("join.intro")}</p>
          <Show when={previous}>
            {(end) => (
              <div class="notice notice-warning signin-previous" role="status">
                <p>
                  <strong>{t("join.previousEnd")}</strong> {t(`ended.reason.${end().reason}`)}{" "}
                  {end().wipe && end().erased ? t("ended.erased") : ""}
                </p>
              </div>
            )}
          </Show>
          <Switch>
            <Match when={accessState().kind === "checking"}>
              <p class="notice notice-info" role="status">
                {t("join.checking")}
              </p>
            </Match>
            <Match when={signedIn()}>
              <div class="notice notice-info" role="status">
                <p>{t("join.alreadySignedIn")}</p>
                <a href="/" class="button">
                  {t("join.toMeetings")}
                </a>
              </div>
            </Match>
            <Match
              when={(() => {
                const s = accessState();
                return s.kind === "signed-out" && s.offline;
              })()}
            >
              <p class="notice notice-warning" role="status">
                {t("join.offlineStart")}
              </p>
            </Match>
          </Switch>
          <SignInForm
            initialCode={linkCode}
            defaultDeviceName={defaultDeviceName(navigator.userAgent, navigator.maxTouchPoints ?? 0)}
            onRedeem={redeemInvitation}
            onSuccess={(result) => {
              if (result.reload) globalThis.location.assign("/");
              else navigate("/", { replace: true });
            }}
          />
        </section>
      </main>
    </div>
  );
}
