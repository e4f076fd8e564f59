#!/usr/bin/env node
// Runs before `npm run dev`: makes a fresh clone usable with no manual step.
// 1. .dev.vars from .dev.vars.example when missing (never overwritten; an older one without an
//    ENVIRONMENT line gets ENVIRONMENT=development appended, since wrangler.toml says production).
// 2. Local D1 migrations applied (idempotent; wrangler skips what is applied).
// Usage: node scripts/dev-setup.mjs [--persist-to DIR]
import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const persistTo = persistToArg(process.argv.slice(2));
if (persistTo === "") {
  console.error("dev-setup: --persist-to needs a directory");
  process.exit(2);
}

const devVars = join(root, ".dev.vars");
const DEV_ENVIRONMENT =
  "# Development mode, local only (added by npm run dev; wrangler.toml says production).\nENVIRONMENT=development\n";
const existing = existsSync(devVars) ? readFileSync(devVars, "utf8") : undefined;
if (existing === undefined) {
  copyFileSync(join(root, ".dev.vars.example"), devVars);
  console.log("dev-setup: created .dev.vars from .dev.vars.example");
} else if (!/^[ \t]*ENVIRONMENT[ \t]*=/m.test(existing)) {
  appendFileSync(devVars, `${existing === "" || existing.endsWith("\n") ? "" : "\n"}${DEV_ENVIRONMENT}`);
  console.log("dev-setup: .dev.vars had no ENVIRONMENT: added ENVIRONMENT=development (wrangler.toml says production)");
} else {
  console.log("dev-setup: .dev.vars exists, left as it is");
}

// Wrangler 4.124 needs Node 22: prefer the `node` devDependency's binary over whatever runs this.
const node = [join(root, "node_modules", "node", "bin", "node"), join(root, "node_modules", ".bin", "node")].find(
  existsSync,
);
const wrangler = join(root, "node_modules", "wrangler", "bin", "wrangler.js");
const migrate = ["d1", "migrations", "apply", "DB", "--local", ...(persistTo ? ["--persist-to", persistTo] : [])];
console.log(`dev-setup: wrangler ${migrate.join(" ")}`);
// CI=true makes wrangler skip its confirmation prompt; stdin is closed so nothing can hang on it.
const result = spawnSync(node ?? process.execPath, [wrangler, ...migrate], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
});
if (result.status !== 0) {
  console.error(
    `dev-setup: applying local migrations failed (${result.error?.message ?? result.status ?? result.signal})`,
  );
  process.exit(result.status || 1);
}
console.log("dev-setup: local D1 is up to date");

/** The value of `--persist-to DIR` or `--persist-to=DIR`; "" when the flag has no value. */
function persistToArg(args) {
  const i = args.findIndex((a) => a === "--persist-to" || a.startsWith("--persist-to="));
  if (i < 0) return undefined;
  return args[i] === "--persist-to" ? (args[i + 1] ?? "") : args[i].slice("--persist-to=".length);
}
