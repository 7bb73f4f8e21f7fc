// Replaced at build time by vite.config.ts (`define`); absent in unit tests.
declare const __APP_VERSION__: string;
declare const __APP_REVISION__: string;

/** The app's version (package.json) and the git revision it was built from. */
export const appVersion: { version: string; revision: string } = {
  version: typeof __APP_VERSION__ === "string" ? __APP_VERSION__ : "dev",
  revision: typeof __APP_REVISION__ === "string" ? __APP_REVISION__ : "dev",
};
