import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import solid from "vite-plugin-solid";

const projectRoot = fileURLToPath(new URL(".", import.meta.url));
const outDir = join(projectRoot, "dist");
/** The relay the dev server forwards to (`npm run dev:relay` listens there); HOPSO_RELAY overrides it. */
const relay = process.env.HOPSO_RELAY ?? "http://127.0.0.1:8080";

/** The Automerge wasm is 3.6 MB and the pdf.js worker about 1 MB; Workbox's default limit is 2 MiB. */
const MAX_PRECACHE_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Every built file goes into the precache (the app must start offline with all of it) except these:
 * the service worker itself and source maps. A new kind of file that should stay out (a big optional
 * asset) must be added here on purpose; otherwise the build fails instead of shipping a PWA that
 * breaks offline.
 */
const NOT_PRECACHED = [/^sw\.js$/, /\.map$/];

/**
 * What the precache manifest is built from (one pattern, so Workbox does not warn while a kind is not
 * built yet): app code, styles, the Automerge wasm, icons, fonts, and pdf.js's worker (.mjs), character
 * maps (.bcmap) and standard fonts (.pfb/.ttf). `precacheGuard` checks that it covers dist/.
 */
const PRECACHE_GLOBS = [
  "**/*.{html,js,mjs,css,wasm,webmanifest,png,svg,ico,webp,woff2,woff,ttf,otf,bcmap,pfb}",
];

/** pdf.js resources served from our own origin under /pdfjs/ (and precached): nothing comes from a CDN. */
const PDFJS_DIR = join(projectRoot, "node_modules", "pdfjs-dist");
const PDFJS_ASSET_DIRS: ReadonlyArray<{ dir: string; keep: RegExp }> = [
  // Character maps: non-embedded CJK/CID fonts have no text without them (fixture issue3521.pdf).
  { dir: "cmaps", keep: /\.bcmap$/ },
  // The 14 standard fonts' data: PDFs that do not embed Times, Helvetica… (standard_fonts.pdf).
  { dir: "standard_fonts", keep: /\.(pfb|ttf)$/ },
  // JPEG 2000, JBIG2 and colour-management decoders (scans).
  { dir: "wasm", keep: /\.wasm$/ },
];

/**
 * Copies pdf.js's cMaps, standard fonts and wasm decoders into dist/pdfjs/ (so the precache picks
 * them up and Vietnamese, CJK and standard-font PDFs render offline), and serves the same files from
 * node_modules in the dev server.
 */
function pdfjsAssets(): Plugin {
  return {
    name: "hopso:pdfjs-assets",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = /^\/pdfjs\/([a-z_]+)\/([\w.-]+)$/.exec((req.url ?? "").split("?")[0] ?? "");
        const entry = match && PDFJS_ASSET_DIRS.find((d) => d.dir === match[1] && d.keep.test(match[2]!));
        if (!match || !entry) return next();
        try {
          res.end(readFileSync(join(PDFJS_DIR, entry.dir, match[2]!)));
        } catch {
          next();
        }
      });
    },
    generateBundle() {
      for (const { dir, keep } of PDFJS_ASSET_DIRS) {
        for (const name of readdirSync(join(PDFJS_DIR, dir)).filter((n) => keep.test(n))) {
          this.emitFile({
            type: "asset",
            fileName: `pdfjs/${dir}/${name}`,
            source: readFileSync(join(PDFJS_DIR, dir, name)),
          });
        }
      }
    },
  };
}

const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string };

function gitRevision(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: projectRoot,
      encoding: "utf8",
    }).trim();
  } catch {
    return "unknown";
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/**
 * Fails the build when dist/sw.js's precache manifest misses a file the app needs offline: index.html,
 * the Automerge wasm, and every other built file (all JS chunks, CSS, icons, later the pdf.js worker,
 * cmaps and standard fonts) except those in NOT_PRECACHED. Workbox silently skips files over
 * `maximumFileSizeToCacheInBytes` or outside `globPatterns`; this makes that loud.
 */
function precacheGuard(): Plugin {
  return {
    name: "hopso:precache-guard",
    apply: "build",
    closeBundle: {
      order: "post",
      sequential: true,
      handler() {
        const swPath = join(outDir, "sw.js");
        let sw: string;
        try {
          sw = readFileSync(swPath, "utf8");
        } catch {
          throw new Error(`precache guard: ${swPath} was not written`);
        }
        try {
          new Script(sw, { filename: swPath }); // a classic script: no import/export, no import.meta, no top-level await
        } catch (error) {
          throw new Error(`precache guard: ${swPath} is not a valid classic script: ${String(error)}`);
        }
        const precached = new Set(
          Array.from(sw.matchAll(/["']?url["']?\s*:\s*["']([^"']+)["']/g), (m) => m[1]!.replace(/^\//, "")),
        );
        const built = listFiles(outDir).map((path) => relative(outDir, path).split(sep).join("/"));
        const toPrecache = built.filter((file) => !NOT_PRECACHED.some((re) => re.test(file)));
        const missing = toPrecache.filter((file) => !precached.has(file));
        const problems: string[] = [];
        if (missing.length > 0) problems.push(`not precached: ${missing.join(", ")}`);
        if (!precached.has("index.html")) problems.push("index.html is not precached");
        if (![...precached].some((url) => url.endsWith(".wasm")))
          problems.push("no .wasm (Automerge) is precached");
        if (![...precached].some((url) => url.endsWith(".js"))) problems.push("no JS chunk is precached");
        if (problems.length > 0) {
          throw new Error(`precache guard failed for ${swPath}:\n  ${problems.join("\n  ")}`);
        }
        this.info?.(`precache guard: all ${toPrecache.length} built files are in the precache manifest`);
      },
    },
  };
}

/**
 * The service worker cannot load the full Automerge entry (it instantiates the wasm with a top-level
 * await, which service workers forbid): in the service worker build `@automerge/automerge` resolves to
 * its slim entry, and pwa/sw-reminders.ts initialises the wasm from the precache. `precacheGuard` checks
 * that the result parses as a classic script.
 */
function automergeSlimInServiceWorker(): Plugin {
  return {
    name: "hopso:automerge-slim-in-sw",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (source !== "@automerge/automerge") return null;
      return this.resolve("@automerge/automerge/slim", importer, { ...options, skipSelf: true });
    },
    // The worker is a classic script, where `import.meta` is a syntax error; wasm-bindgen's default
    // wasm location (never used: the wasm is handed over explicitly) is the only one.
    renderChunk(code) {
      return code.includes("import.meta.url")
        ? code.replaceAll("import.meta.url", "self.location.href")
        : null;
    },
  };
}

export default defineConfig({
  root: "client",
  publicDir: "../public",
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    __APP_REVISION__: JSON.stringify(gitRevision()),
  },
  // STACK.md: the dev server breaks on the Automerge wasm if it is pre-bundled.
  optimizeDeps: { exclude: ["@automerge/automerge"] },
  // The text-extraction worker (client/src/search/) imports pdf.js as an ES module.
  worker: { format: "es" },
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    // The Automerge wasm is 3.6 MB by nature; the warning would only be noise.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      "/sync": { target: relay, ws: true },
      "/api": { target: relay },
      "/healthz": { target: relay },
    },
  },
  preview: {
    proxy: {
      "/sync": { target: relay, ws: true },
      "/api": { target: relay },
      "/healthz": { target: relay },
    },
  },
  plugins: [
    solid(),
    pdfjsAssets(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      registerType: "prompt",
      // client/src/pwa/register.ts registers the worker itself with workbox-window.
      injectRegister: false,
      // The glob above already covers the icons; listing them twice only duplicates manifest entries.
      includeManifestIcons: false,
      injectManifest: {
        buildPlugins: { vite: [automergeSlimInServiceWorker()] },
        globPatterns: PRECACHE_GLOBS,
        maximumFileSizeToCacheInBytes: MAX_PRECACHE_FILE_BYTES,
      },
      manifest: {
        id: "/",
        name: "HọpSố — Họp không giấy",
        short_name: "HọpSố",
        description: "Họp không giấy, giao việc và nhắc việc — dùng được cả khi mất mạng.",
        lang: "vi",
        dir: "ltr",
        start_url: "/",
        scope: "/",
        display: "standalone",
        orientation: "any",
        theme_color: "#a51c24",
        background_color: "#f6f4f1",
        categories: ["productivity", "business"],
        icons: [
          { src: "/pwa-192x192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/pwa-512x512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/maskable-icon-512x512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
    }),
    precacheGuard(),
  ],
});
