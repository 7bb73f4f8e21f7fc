import solid from "vite-plugin-solid";
import { defineConfig } from "vitest/config";

/**
 * Four test projects (see README "Tests"):
 * - unit: pure domain and relay units in Node, *.test.ts next to the code (no Solid plugin: it adds the
 *   `browser` resolve condition, which would turn `ws` into its browser stub).
 * - dom: Solid components in jsdom, *.test.tsx.
 * - integration: tests/integration, against a real relay process.
 * - browser: tests/browser, real Chromium (Debian's /usr/bin/chromium) through playwright-core.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["shared/**/*.test.ts", "sync-server/**/*.test.ts", "client/**/*.test.ts"],
        },
      },
      {
        plugins: [solid()],
        test: {
          name: "dom",
          environment: "jsdom",
          include: ["client/**/*.test.tsx"],
        },
      },
      {
        test: {
          name: "integration",
          environment: "node",
          include: ["tests/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: ["tests/browser/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
