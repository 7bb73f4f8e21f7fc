import { A, useLocation } from "@solidjs/router";
import { type Accessor, createEffect, createSignal, ErrorBoundary, type JSX, on, Suspense } from "solid-js";
import { useI18n } from "../../i18n/index.ts";
import type { SyncStatus } from "../../state/sync-status.ts";
import { LanguageSwitch } from "./LanguageSwitch.tsx";
import { SyncIndicator } from "./SyncIndicator.tsx";
import { UpdatePrompt } from "./UpdatePrompt.tsx";
import { WorkspaceNotice } from "./WorkspaceNotice.tsx";

const MAIN_ID = "main";
const MENU_ID = "app-header-menu";

interface NavItem {
  href: string;
  label:
    | "nav.meetings"
    | "nav.profile"
    | "nav.settings"
    | "searchPage.nav"
    | "taskNav.tasks"
    | "taskNav.assign"
    | "taskNav.inbox"
    | "consult.nav";
  /** Whether a pathname belongs to this section (the link is highlighted there). */
  owns: (pathname: string) => boolean;
}

const NAV: readonly NavItem[] = [
  { href: "/", label: "nav.meetings", owns: (p) => p === "/" || p.startsWith("/meetings") },
  { href: "/search", label: "searchPage.nav", owns: (p) => p.startsWith("/search") },
  { href: "/tasks/new", label: "taskNav.assign", owns: (p) => p === "/tasks/new" },
  { href: "/tasks", label: "taskNav.tasks", owns: (p) => p.startsWith("/tasks") && p !== "/tasks/new" },
  { href: "/inbox", label: "taskNav.inbox", owns: (p) => p.startsWith("/inbox") },
  { href: "/consultations", label: "consult.nav", owns: (p) => p.startsWith("/consultations") },
  { href: "/profile", label: "nav.profile", owns: (p) => p.startsWith("/profile") },
  { href: "/settings", label: "nav.settings", owns: (p) => p.startsWith("/settings") },
];

/**
 * The frame around every page: skip link, header (app name, main navigation, sync indicator, language
 * switch), workspace notices, the `main` landmark with the routed page, and the update toasts.
 * The header has two rows: brand and sync indicator, then the navigation (scrolling sideways when it
 * does not fit) with the language switch. On phones (< 768 px, see shell.css) the second row folds
 * behind a "Danh mục" disclosure button (aria-expanded; Escape closes it and returns focus to the
 * button; following a link closes it).
 */
export function AppShell(props: { syncStatus: Accessor<SyncStatus>; children?: JSX.Element }): JSX.Element {
  const { t } = useI18n();
  const location = useLocation();

  const skipToMain = (event: MouseEvent) => {
    const main = document.getElementById(MAIN_ID);
    if (!main) return;
    event.preventDefault();
    main.focus();
  };

  const [menuOpen, setMenuOpen] = createSignal(false);
  let menuButton: HTMLButtonElement | undefined;
  createEffect(
    on(
      () => location.pathname,
      () => setMenuOpen(false),
      { defer: true },
    ),
  );
  const onMenuKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !menuOpen()) return;
    event.preventDefault();
    setMenuOpen(false);
    menuButton?.focus();
  };

  return (
    <div class="app">
      <a class="skip-link" href={`#${MAIN_ID}`} onClick={skipToMain}>
        {t("shell.skipToContent")}
      </a>
      <header class="app-header">
        <div class="app-header-inner">
          <A href="/" class="app-brand" end>
            <img class="app-brand-logo" src="/logo.svg" alt="" width="36" height="36" />
            <span class="app-brand-name">{t("app.name")}</span>
            <span class="app-brand-tagline">{t("app.tagline")}</span>
          </A>
          <div class="app-header-sync">
            <SyncIndicator status={props.syncStatus} />
          </div>
          <button
            ref={menuButton}
            type="button"
            class="app-menu-button"
            aria-expanded={menuOpen()}
            aria-controls={MENU_ID}
            onClick={() => setMenuOpen(!menuOpen())}
            onKeyDown={onMenuKeyDown}
          >
            <span class="app-menu-icon" aria-hidden="true" />
            {t("shell.menu")}
          </button>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the open menu closes it */}
          <div id={MENU_ID} class="app-header-menu" data-open={menuOpen()} onKeyDown={onMenuKeyDown}>
            <nav class="app-nav" aria-label={t("shell.navLabel")}>
              <ul>
                {NAV.map((item) => (
                  <li>
                    <a
                      href={item.href}
                      classList={{ "app-nav-link": true, active: item.owns(location.pathname) }}
                      onClick={() => setMenuOpen(false)}
                      aria-current={
                        location.pathname === item.href
                          ? "page"
                          : item.owns(location.pathname)
                            ? "true"
                            : undefined
                      }
                    >
                      {t(item.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <LanguageSwitch class="app-header-language" />
          </div>
        </div>
      </header>
      <WorkspaceNotice />
      <main id={MAIN_ID} class="app-main" tabindex="-1">
        <ErrorBoundary
          fallback={(error: unknown) => (
            <div class="notice notice-danger" role="alert">
              <p>{t("shell.pageFailed")}</p>
              <button type="button" class="button" onClick={() => window.location.reload()}>
                {t("shell.reloadPage")}
              </button>
              <p class="visually-hidden">{String(error)}</p>
            </div>
          )}
        >
          <Suspense fallback={<p class="page-loading">{t("shell.loadingPage")}</p>}>
            {props.children}
          </Suspense>
        </ErrorBoundary>
      </main>
      <UpdatePrompt />
    </div>
  );
}
