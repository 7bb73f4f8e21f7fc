import type { AccessDict } from "../vi/access.ts";

/** English strings of sign-in, the end of access, the offline lock and the profile; same shape as Vietnamese. */
export const access: AccessDict = {
  join: {
    title: "Sign in this device",
    intro:
      "Enter the invitation code your administrator gave you, or open the link in the invitation. This device will be registered to your account in the organization.",
    formLabel: "Register this device with an invitation code",
    codeLabel: "Invitation code",
    codeHint: "10 characters as XXXXX-XXXXX; with or without the dash, upper or lower case.",
    codeFromLink: "The invitation code was filled in from the link.",
    deviceNameLabel: "Device name",
    deviceNameHint: "So that you can recognise this device in your device list, e.g. “Meeting room 1 iPad”.",
    keyNote:
      "The device will create its own security key (it cannot be copied off the device) to sign your votes and opinions.",
    submit: "Register device",
    submitting: "Registering…",
    codeRequired: "Enter the invitation code.",
    codeInvalid: "An invitation code has 10 letters and digits, e.g. 7K3QD-M9XTA.",
    deviceNameRequired: "Enter a device name.",
    success: "Device registered. Opening your meetings…",
    alreadySignedIn:
      "This device is already signed in. Registering with a new invitation code replaces the current sign-in.",
    toMeetings: "Go to meetings",
    checking: "Checking sign-in…",
    offlineStart: "This device is offline. Signing in needs a connection to the HọpSố server.",
    previousEnd: "Last time:",
  },
  joinError: {
    invalid_code: "This invitation code is not valid. Check the 10 characters in your invitation.",
    invitation_expired: "This invitation code has expired. Ask your administrator for a new one.",
    invitation_used:
      "This invitation code has already been used. Each code works once; ask your administrator for a new one.",
    invalid_public_key:
      "The server did not accept this device's security key. Try again; if it keeps failing, use another browser.",
    rate_limited: "Too many attempts. Please wait a while and try again.",
    offline: "The HọpSố server could not be reached. Check your network connection and try again.",
    crypto_unavailable:
      "This browser cannot create a security key for the device. Open HọpSố at an https:// address in an up-to-date browser (Chrome, Edge, Safari, Firefox), not in a private window.",
    server_error: "The HọpSố server has a problem. Please try again later.",
    retryAfter: (a) => `You can try again in about ${a.minutes} min.`,
  },
  ended: {
    title: "This device's access has ended",
    reason: {
      unauthenticated: "The server no longer recognises this device: its sign-in was lost or has expired.",
      credential_invalid:
        "This device's sign-in is no longer valid (it may have been renewed from another window or device).",
      device_revoked:
        "This device has been revoked (by an administrator, or you signed it out from another device).",
      member_disabled: "Your account has been disabled in the organization.",
      signed_out: "You signed this device out.",
    },
    erasing: "Erasing meeting data on this device…",
    erased: "The meeting data and documents stored on this device have been erased.",
    kept: "The meeting data is still on this device but can only be opened after signing in again.",
    eraseFailed:
      "Not all meeting data on this device could be erased. Close other HọpSố windows, then press “Erase again”.",
    retryErase: "Erase again",
    stopped: "This device has stopped connecting to the server.",
    when: (a) => `When: ${a.time}`,
    signInAgain: "Sign in again",
    signInHint: "To sign in again you need a new invitation code from your administrator.",
  },
  lock: {
    title: "Meeting data is locked",
    body: (a) =>
      `This device has not reached the HọpSố server for more than ${a.days} days (last contact: ${a.time}). To protect meeting papers on a lost device, meeting data stays locked until the device reconnects and the server confirms its access.`,
    never: "unknown",
    retry: "Reconnect",
    checking: "Contacting the server…",
    offline: "The server could not be reached yet. Check the network and try again.",
    error: "The server could not confirm access yet. Please try again later.",
  },
  profile: {
    title: "Profile",
    memberHeading: "Member details",
    name: "Full name",
    position: "Position",
    unit: "Unit",
    role: "Role in the organization",
    email: "Email",
    phone: "Phone",
    none: "—",
    memberLoading: "Waiting for the organization's data to show your details…",
    memberMissing: "You were not found in the organization's directory on this device.",
    disabled: "Account disabled",
    thisDeviceHeading: "This device",
    deviceName: "Device name",
    deviceId: "Device ID",
    lastContact: "Last contact with the server",
    offlineLock: "Locks meeting data after",
    offlineLockDays: (a) => `${a.days} days without reaching the server`,
    refresh: "Refresh",
    devicesHeading: "Your devices",
    devicesIntro:
      "Sign out a device that is lost or no longer used: it loses access at once and erases its meeting data when it next connects.",
    devicesLoading: "Loading your devices…",
    devicesOffline: "Viewing and signing out devices needs a connection to the server.",
    devicesError: "Your devices could not be loaded.",
    retry: "Try again",
    current: "This device",
    registered: (a) => `Registered: ${a.time}`,
    lastSeen: (a) => `Last active: ${a.time}`,
    neverSeen: "Not active yet",
    revoked: (a) => `Signed out: ${a.time}`,
    signOut: "Sign out",
    signOutLabel: (a) => `Sign out device ${a.name}`,
    signOutThisLabel: (a) => `Sign out this device (${a.name})`,
    confirmSignOut: (a) =>
      `Sign out “${a.name}”? That device loses access and erases its meeting data when it next connects.`,
    confirmSignOutThis:
      "Sign out this device? Its meeting data will be erased now; to use it again you need a new invitation code.",
    confirm: "Confirm sign-out",
    cancel: "Cancel",
    signingOut: "Signing out…",
    signedOut: (a) => `Device ${a.name} signed out.`,
    signOutFailed: "The device could not be signed out. Check the network connection and try again.",
  },
  wsRole: {
    admin: "Administrator",
    secretary: "Organization secretary",
    member: "Member",
    observer: "Guest",
  },
};
