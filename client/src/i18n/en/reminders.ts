import type { RemindersDict } from "../vi/reminders.ts";

/** English strings of reminders; same keys and shapes as the Vietnamese catalog. */
export const reminders: RemindersDict = {
  reminder: {
    task_assigned: (a) =>
      a.due ? `You were assigned a new task, due ${a.due}.` : "You were assigned a new task.",
    task_due_soon: (a) => `The task is due in ${a.days} working day(s) (${a.due}).`,
    task_due_today: (a) => `The task is due today (${a.due}).`,
    task_overdue: (a) => `The task is ${a.days} working day(s) overdue (due ${a.due}).`,
    task_overdue_escalated: (a) =>
      `A task you assigned is ${a.days} working day(s) overdue (due ${a.due}); follow it up.`,
    meeting_upcoming: (a) =>
      a.hours >= 24
        ? `The meeting starts at ${a.when} (in 1 day).`
        : `The meeting starts at ${a.when} (in ${a.hours} h).`,
    meeting_unopened_papers: (a) =>
      `You have not opened ${a.unopened} of the ${a.total} papers of the meeting at ${a.when}.`,
    consultation_deadline: (a) => `A written consultation you have not answered closes at ${a.when}.`,
    vote_open: "A vote is open — you attend remotely and have not voted.",
    digest: (a) => `You have ${a.count} item(s) to look at today.`,
    digestTitle: "Today's reminders",
    testTitle: "HọpSố test notification",
    testBody: (a) => `This device receives reminders (sent at ${a.when}).`,
    actionOpen: "Open",
    actionDone: "Mark done",
    actionSnooze: "Remind me in 1 hour",
    doneTitle: "Marked done",
    doneBody: "The task was marked done on this device; it syncs when a network is available.",
    failedTitle: "Could not do that",
    failedBody: "Open the app to do this.",
  },
  inApp: {
    heading: "Reminders",
    regionLabel: "Reminders due",
    dismiss: "Seen",
    dismissLabel: (a) => `Mark reminder as seen: ${a.title}`,
    snooze: "Remind me in 1 hour",
    markDone: "Done",
    open: "Open",
    more: (a) => `and ${a.count} more reminder(s)`,
  },
  notifications: {
    title: "Reminder notifications",
    intro:
      "HọpSố reminds you when a task is assigned to you, when it is nearly due or overdue, before a meeting, when a written consultation awaits your answer and when a vote is open — by working days, office hours and public holidays.",
    settingsLink: "Reminder notifications",
    enabledLabel: "Receive reminders",
    enabledHint: "Off: no reminder reaches any of your devices, in the app included.",
    deviceHeading: "Notifications on this device",
    deviceOn: "This device receives push notifications, even when the app is closed.",
    deviceOff:
      "This device does not receive push notifications. While the app is open, reminders still show in it.",
    deviceChecking: "Checking…",
    enableDevice: "Turn on notifications on this device",
    disableDevice: "Turn off notifications on this device",
    denied:
      "The browser blocks HọpSố's notifications. Open the browser's site settings (the lock icon next to the address), allow Notifications, then try again.",
    unsupported:
      "This browser does not support push notifications. Reminders still show while the app is open.",
    iosInstall:
      "On iPhone/iPad, notifications work only once HọpSố is on the Home Screen: tap Share in Safari, choose “Add to Home Screen”, open HọpSố from that icon and turn notifications on here.",
    offline: "A network connection is needed to turn push notifications on or off.",
    failed: (a) => `Could not turn notifications on: ${a.reason}`,
    test: "Send a test notification",
    testSent: (a) => `Test notification sent to ${a.count} device(s).`,
    testNone: "None of your devices receives push notifications yet.",
    testFailed: "Could not send the test notification (offline or the server did not answer).",
    quietHeading: "Quiet hours",
    quietLabel: "No reminders between",
    quietHint:
      "Reminders due in this period move to its end; urgent ones (a meeting about to start) still go out.",
    quietStart: "From",
    quietEnd: "To",
    digestHeading: "Daily digest",
    digestLabel: "Group less urgent reminders into one digest a day",
    digestTime: "Digest time",
    save: "Save settings",
    saved: "Saved. Your devices use these settings, offline too.",
    saveFailed: (a) => `Not saved: ${a.reason}`,
    invalidQuiet: "Start and end must differ.",
    invalidTime: "Type times as HH:mm (24-hour), e.g. 21:00.",
    timeFormat: "24-hour, HH:mm, e.g. 21:00.",
    noPrivate: "Your private data is not open on this device yet; try again when online.",
    rulesHeading: "The workspace's reminder rules",
    rulesIntro:
      "Only admins can change them. They apply to every member; working days leave out weekends and public holidays, Tết included.",
    rulesBeforeDue: "Remind before a task's due date (working days, comma-separated)",
    rulesEscalate: "Tell the assigner once a task is overdue by more than (working days)",
    rulesMeeting: "Remind before a meeting (hours, comma-separated; 24 = 1 day)",
    rulesSave: "Save rules",
    rulesSaved: "The workspace's reminder rules were saved.",
    rulesInvalid: "Enter whole numbers: working days 1–60, overdue days 0–60, hours 1 or more.",
    timeHint: "Times in Vietnam time (GMT+7), 24-hour.",
  },
};
