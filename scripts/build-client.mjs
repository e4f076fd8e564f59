#!/usr/bin/env node
/**
 * Builds the browser code into Workers static assets (dist/client), minified and content-hashed:
 *   dist/client/staff/assets/inbox-<hash>.js   the staff inbox (TypeScript modules, src/staff/ui/client)
 *   dist/client/staff/assets/admin-<hash>.js   the admin screens (TSX with hono/jsx/dom)
 *   dist/client/staff/assets/widget-<hash>.js, chat-<hash>.js, ticket-live-<hash>.js   the live-chat widget
 *     (the Worker serves the loader at the stable /widget.js with a short cache: src/widget/index.ts)
 *   dist/client/staff/assets/manifest.json     which file is current ({ "inbox.js": "/staff/assets/…" })
 *   dist/client/_headers                       immutable caching and nosniff for /staff/assets/*
 * Wrangler runs it as the `[build]` command (so `npx wrangler dev` and `wrangler deploy` build
 * first), and the integration tests' global setup runs `buildClient()` too. The Worker reads the
 * manifest through its ASSETS binding (src/staff/ui/assets.ts); the scripts never enter the
 * Worker bundle.
 *   node scripts/build-client.mjs            build once
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLIENT_DIR = join(ROOT, "dist", "client");
const ASSETS_DIR = join(CLIENT_DIR, "staff", "assets");

/** The browser entry points: the name the Worker asks the manifest for, and the source. */
const ENTRIES = {
  inbox: "src/staff/ui/client/main.ts",
  admin: "src/staff/admin-ui/client/main.tsx",
  // The live-chat widget: the loader (served at the stable /widget.js by the Worker), the chat page's
  // script inside its iframe, and the customer ticket page's live updates (src/widget/client).
  widget: "src/widget/client/loader.ts",
  chat: "src/widget/client/chat/main.ts",
  "ticket-live": "src/widget/client/ticket-live.ts",
};

/** Cache forever (the name changes with the content), never sniffed as anything but what it is. */
const HEADERS = `/staff/assets/*
  Cache-Control: public, max-age=31536000, immutable
  X-Content-Type-Options: nosniff
/staff/assets/manifest.json
  ! Cache-Control
  Cache-Control: no-cache
`;

/** Bundles every entry in memory: [{ name: "inbox.js", file: "inbox-<hash>.js", contents }]. */
export async function bundleClient({ quiet = false } = {}) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: ASSETS_DIR,
    entryNames: "[name]-[hash]",
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2022"],
    legalComments: "none",
    // TSX in the browser renders with hono/jsx/dom (the files also say so in their pragma).
    jsx: "automatic",
    jsxImportSource: "hono/jsx/dom",
    metafile: true,
    write: false,
    logLevel: quiet ? "silent" : "warning",
  });
  return result.outputFiles.map((out) => {
    const meta = result.metafile.outputs[relative(ROOT, out.path).split("\\").join("/")];
    const name = Object.entries(ENTRIES).find(([, src]) => meta?.entryPoint === src)?.[0];
    if (!name) throw new Error(`build-client: no entry point for ${out.path}`);
    return { name: `${name}.js`, file: relative(ASSETS_DIR, out.path), contents: out.contents };
  });
}

function writeIfChanged(path, contents) {
  const next = Buffer.from(contents);
  if (existsSync(path) && readFileSync(path).equals(next)) return;
  // Written beside and renamed over: a reader sees the old file or the new one, never a part.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, next);
  renameSync(tmp, path);
}

/** Builds every entry into dist/client; returns the manifest (name → URL path). */
export async function buildClient({ quiet = false } = {}) {
  const files = await bundleClient({ quiet });
  mkdirSync(ASSETS_DIR, { recursive: true });
  const manifest = {};
  for (const f of files) {
    writeIfChanged(join(ASSETS_DIR, f.file), f.contents);
    manifest[f.name] = `/staff/assets/${f.file}`;
  }
  // The new files first, then the manifest that names them, then the old files go: a page served
  // during a rebuild never names a file that is not there. Unchanged files are left alone, so
  // several `wrangler dev` processes starting at once (the e2e tests) never see one half-written.
  writeIfChanged(join(ASSETS_DIR, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeIfChanged(join(CLIENT_DIR, "_headers"), HEADERS);
  const keep = new Set(["manifest.json", ...files.map((f) => f.file)]);
  for (const old of readdirSync(ASSETS_DIR)) {
    if (!keep.has(old) && !old.endsWith(".tmp")) rmSync(join(ASSETS_DIR, old), { force: true });
  }
  if (!quiet) console.log(`build-client: ${Object.values(manifest).join(", ")}`);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildClient();
}
