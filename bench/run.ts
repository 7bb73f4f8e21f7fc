/**
 * Bench runner: `npm run bench` runs every bench; `npm run bench -- NAME` runs one.
 * Benches print figures; they assert nothing and are never part of the test command.
 */
export {}; // a module, for top-level await

const benches: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  "meeting-load": () => import("./meeting-load.ts"),
  search: () => import("./search.ts"),
  "pdf-validate": () => import("./pdf-validate.ts"),
  push: () => import("./push.ts"),
  viewer: () => import("./viewer.ts"),
  "papers-transfer": () => import("./papers-transfer.ts"),
  "meeting-run": () => import("./meeting-run.ts"),
  annotations: () => import("./annotations.ts"),
  votes: () => import("./votes.ts"),
  tasks: () => import("./tasks.ts"),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(benches);
for (const name of names) {
  const load = benches[name];
  if (!load) {
    console.error(`unknown bench "${name}"; known: ${Object.keys(benches).join(", ")}`);
    process.exit(2);
  }
  await (await load()).run();
}
