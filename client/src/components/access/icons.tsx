import type { JSX } from "solid-js";

/** A "no entry" sign for the access-ended state (decorative; the heading says it). */
export function EndedIcon(): JSX.Element {
  return (
    <svg class="fullscreen-icon" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true">
      <circle cx="24" cy="24" r="21" fill="var(--color-danger)" />
      <rect x="11" y="20.5" width="26" height="7" rx="2" fill="#fff" />
    </svg>
  );
}

/** A padlock for the offline lock (decorative). */
export function LockIcon(): JSX.Element {
  return (
    <svg class="fullscreen-icon" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true">
      <path
        d="M15 21v-6a9 9 0 0 1 18 0v6"
        fill="none"
        stroke="var(--color-warning)"
        stroke-width="4"
        stroke-linecap="round"
      />
      <rect x="9" y="21" width="30" height="22" rx="4" fill="var(--color-warning)" />
      <circle cx="24" cy="31" r="3" fill="#fff" />
      <rect x="22.5" y="32" width="3" height="6" rx="1.5" fill="#fff" />
    </svg>
  );
}
