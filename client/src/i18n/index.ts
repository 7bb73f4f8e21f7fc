import { type Flatten, flatten, type Translator, translator } from "@solid-primitives/i18n";
import { type Accessor, createSignal } from "solid-js";
import { access as enAccess } from "./en/access.ts";
import { annotations as enAnnotations } from "./en/annotations.ts";
import { common as enCommon } from "./en/common.ts";
import { meetings as enMeetings } from "./en/meetings.ts";
import { papers as enPapers } from "./en/papers.ts";
import { reminders as enReminders } from "./en/reminders.ts";
import { run as enRun } from "./en/run.ts";
import { tasks as enTasks } from "./en/tasks.ts";
import { viewer as enViewer } from "./en/viewer.ts";
import { votes as enVotes } from "./en/votes.ts";
import { type AccessDict, access as viAccess } from "./vi/access.ts";
import { type AnnotationsDict, annotations as viAnnotations } from "./vi/annotations.ts";
import { type CommonDict, common as viCommon } from "./vi/common.ts";
import { type MeetingsDict, meetings as viMeetings } from "./vi/meetings.ts";
import { type PapersDict, papers as viPapers } from "./vi/papers.ts";
import { type RemindersDict, reminders as viReminders } from "./vi/reminders.ts";
import { type RunDict, run as viRun } from "./vi/run.ts";
import { type TasksDict, tasks as viTasks } from "./vi/tasks.ts";
import { type ViewerDict, viewer as viViewer } from "./vi/viewer.ts";
import { type VotesDict, votes as viVotes } from "./vi/votes.ts";

/**
 * The app's i18n: Vietnamese by default, English on request (kept in localStorage).
 *
 * Catalogs are split by area (`common`: shell, sync, settings; `meetings`: the meeting screens;
 * `access`: sign-in, end of access, offline lock, profile and devices) and
 * merged into one dictionary, so keys read `t("sync.synced")`, `t("list.heading")`. The Vietnamese
 * catalog defines each area's shape; the English one is typed with it, so a missing key or a changed
 * argument is a type error, and so is a key used with `t` that no catalog has.
 */

/** String literals widened to `string` (and message functions kept with their arguments), recursively. */
export type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { readonly [K in keyof T]: Widen<T[K]> };

export type Dict = CommonDict &
  MeetingsDict &
  AccessDict &
  AnnotationsDict &
  RunDict &
  ViewerDict &
  VotesDict &
  TasksDict &
  PapersDict &
  RemindersDict;

/** Top-level keys shared by two areas would silently shadow each other: keep this `never`. */
type CollidingKeys =
  | (keyof CommonDict & keyof MeetingsDict)
  | (keyof CommonDict & keyof AccessDict)
  | (keyof MeetingsDict & keyof AccessDict)
  | (keyof AnnotationsDict & (keyof CommonDict | keyof MeetingsDict | keyof AccessDict))
  | (keyof RunDict & (keyof CommonDict | keyof MeetingsDict | keyof AccessDict | keyof AnnotationsDict))
  | (keyof ViewerDict &
      (keyof CommonDict | keyof MeetingsDict | keyof AccessDict | keyof AnnotationsDict | keyof RunDict))
  | (keyof VotesDict &
      (
        | keyof CommonDict
        | keyof MeetingsDict
        | keyof AccessDict
        | keyof AnnotationsDict
        | keyof RunDict
        | keyof ViewerDict
      ))
  | (keyof TasksDict &
      (
        | keyof CommonDict
        | keyof MeetingsDict
        | keyof AccessDict
        | keyof AnnotationsDict
        | keyof RunDict
        | keyof ViewerDict
        | keyof VotesDict
      ))
  | (keyof PapersDict &
      (
        | keyof CommonDict
        | keyof MeetingsDict
        | keyof AccessDict
        | keyof AnnotationsDict
        | keyof RunDict
        | keyof ViewerDict
        | keyof VotesDict
        | keyof TasksDict
      ));
const noCollidingKeys: [CollidingKeys] extends [never] ? true : never = true;
const noReminderCollisions: [
  keyof RemindersDict &
    (
      | keyof CommonDict
      | keyof MeetingsDict
      | keyof AccessDict
      | keyof AnnotationsDict
      | keyof RunDict
      | keyof ViewerDict
      | keyof VotesDict
      | keyof TasksDict
      | keyof PapersDict
    ),
] extends [never]
  ? true
  : never = true;
void noReminderCollisions;
void noCollidingKeys;

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";

/** BCP 47 tags for Intl formatting (numbers, byte sizes); dates use shared/'s dd/MM/yyyy everywhere. */
export const INTL_LOCALE: Record<Locale, string> = { vi: "vi-VN", en: "en-GB" };

const dictionaries: Record<Locale, Flatten<Dict>> = {
  vi: flatten<Dict>({
    ...viCommon,
    ...viMeetings,
    ...viAccess,
    ...viAnnotations,
    ...viRun,
    ...viViewer,
    ...viVotes,
    ...viTasks,
    ...viPapers,
    ...viReminders,
  }),
  en: flatten<Dict>({
    ...enCommon,
    ...enMeetings,
    ...enAccess,
    ...enAnnotations,
    ...enRun,
    ...enViewer,
    ...enVotes,
    ...enTasks,
    ...enPapers,
    ...enReminders,
  }),
};

const LOCALE_KEY = "hopso.locale";

function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

function readSavedLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(LOCALE_KEY);
    return isLocale(saved) ? saved : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

const [locale, setLocaleSignal] = createSignal<Locale>(readSavedLocale());

function applyDocumentLanguage(value: Locale): void {
  if (typeof document !== "undefined") document.documentElement.lang = value;
}
applyDocumentLanguage(locale());

/** Switches the UI language, remembers it on this device and sets `<html lang>`. */
export function setLocale(value: Locale): void {
  setLocaleSignal(value);
  applyDocumentLanguage(value);
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, value);
  } catch {
    // Private mode or storage full: the choice lasts for this visit only.
  }
}

export type T = Translator<Flatten<Dict>>;

/** Reactive: reads `locale()`, so text in JSX follows a language switch. */
const t: T = translator(() => dictionaries[locale()]);

export interface I18n {
  t: T;
  locale: Accessor<Locale>;
  setLocale: (value: Locale) => void;
  /** BCP 47 tag of the current locale for Intl APIs. */
  intlLocale: Accessor<string>;
}

const i18n: I18n = { t, locale, setLocale, intlLocale: () => INTL_LOCALE[locale()] };

/** The translator and the locale switch (one per app; no provider needed). */
export function useI18n(): I18n {
  return i18n;
}
